namespace NeuralSharp.Neurons;

/// <summary>
/// Rosenblatt's perceptron: real inputs, output 1 if w.x + b &gt; 0 else 0, trained with the perceptron
/// learning rule w &lt;- w + eta (t - o) x, b &lt;- b + eta (t - o).
/// </summary>
/// <remarks>
/// The rule converges in finitely many updates when the data are linearly separable (Novikoff's
/// theorem); when they are not, as for XOR, it cycles for ever, so training stops at an epoch limit
/// and reports that it did not converge.
/// </remarks>
public sealed class Perceptron
{
    private readonly double[] _weights;

    /// <summary>A perceptron with <paramref name="inputs"/> weights and a bias, all starting at zero.</summary>
    public Perceptron(int inputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        _weights = new double[inputs];
    }

    /// <summary>A perceptron with the given starting weights and bias.</summary>
    public Perceptron(double[] weights, double bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights = (double[])weights.Clone();
        Bias = bias;
    }

    /// <summary>The current weights.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The current bias (minus the threshold).</summary>
    public double Bias { get; private set; }

    /// <summary>1 if w.x + b &gt; 0, else 0, for one example.</summary>
    public int Predict(ReadOnlySpan<double> x)
    {
        if (x.Length != _weights.Length)
        {
            throw new ArgumentException($"perceptron: expects {_weights.Length} inputs, got {x.Length}", nameof(x));
        }

        var z = Bias;
        for (var i = 0; i < x.Length; i++)
        {
            z += _weights[i] * x[i];
        }

        return z > 0 ? 1 : 0;
    }

    /// <summary>Predictions for a batch [n, inputs], as a [n] tensor of 0s and 1s.</summary>
    public Tensor Predict(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var w = Tensor.FromArray(_weights).To(inputs.DType);
        return (inputs.MatMul(w) + Bias).Gt(0.0);
    }

    /// <summary>
    /// Runs the perceptron learning rule over the examples in order, epoch after epoch, until an epoch
    /// makes no error or <paramref name="maxEpochs"/> have run.
    /// </summary>
    /// <param name="inputs">Examples, shape [n, inputs].</param>
    /// <param name="targets">Labels 0 or 1, shape [n].</param>
    /// <param name="learningRate">eta, the step of each update (positive).</param>
    /// <param name="maxEpochs">The epoch limit; reaching it is reported, not thrown.</param>
    public PerceptronTrainingResult Train(Tensor inputs, Tensor targets, double learningRate = 1.0, int maxEpochs = 100)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpochs);
        if (!(learningRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), $"perceptron: the learning rate must be positive, got {learningRate}");
        }

        if (inputs.Rank != 2 || inputs.Size(1) != _weights.Length || targets.Shape != new Shape(inputs.Size(0)))
        {
            throw new ArgumentException($"perceptron: expects inputs [n, {_weights.Length}] and targets [n], got {inputs.Shape} and {targets.Shape}");
        }

        var n = inputs.Size(0);
        var x = inputs.ToDoubleArray();
        var t = targets.ToDoubleArray();
        for (var i = 0; i < n; i++)
        {
            if (t[i] is not (0.0 or 1.0))
            {
                throw new ArgumentException($"perceptron: targets must be 0 or 1, but target {i} is {t[i]}", nameof(targets));
            }
        }

        var errors = new List<int>();
        var d = _weights.Length;
        for (var epoch = 0; epoch < maxEpochs; epoch++)
        {
            var mistakes = 0;
            for (var i = 0; i < n; i++)
            {
                var example = x.AsSpan(i * d, d);
                var error = t[i] - Predict(example);
                if (error != 0)
                {
                    mistakes++;
                    for (var j = 0; j < d; j++)
                    {
                        _weights[j] += learningRate * error * example[j];
                    }

                    Bias += learningRate * error;
                }
            }

            errors.Add(mistakes);
            if (mistakes == 0)
            {
                return new PerceptronTrainingResult(true, epoch + 1, errors);
            }
        }

        return new PerceptronTrainingResult(false, maxEpochs, errors);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Perceptron(weights=[{string.Join(", ", _weights)}], bias={Bias})";
}
