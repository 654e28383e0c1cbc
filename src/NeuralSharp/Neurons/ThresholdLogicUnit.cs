namespace NeuralSharp.Neurons;

/// <summary>
/// The McCulloch-Pitts threshold logic unit: boolean inputs, fixed weights and bias,
/// f(x) = 1 if sum_i w_i x_i + b &gt;= 0 else 0. Not trained: its weights are set by hand, as in the logic gates.
/// </summary>
public sealed class ThresholdLogicUnit
{
    private readonly double[] _weights;

    /// <summary>Creates a unit with the given weights (one per input) and bias.</summary>
    public ThresholdLogicUnit(double[] weights, double bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights = (double[])weights.Clone();
        Bias = bias;
    }

    /// <summary>The input weights.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The bias (minus the threshold).</summary>
    public double Bias { get; }

    /// <summary>or(a, b) = 1{a + b - 0.5 &gt;= 0}.</summary>
    public static ThresholdLogicUnit Or() => new([1, 1], -0.5);

    /// <summary>and(a, b) = 1{a + b - 1.5 &gt;= 0}.</summary>
    public static ThresholdLogicUnit And() => new([1, 1], -1.5);

    /// <summary>not(a) = 1{-a + 0.5 &gt;= 0}.</summary>
    public static ThresholdLogicUnit Not() => new([-1], 0.5);

    /// <summary>nand(a, b) = 1{-a - b + 1.5 &gt;= 0}: and with every sign flipped.</summary>
    public static ThresholdLogicUnit Nand() => new([-1, -1], 1.5);

    /// <summary>The unit's output, 0 or 1, for inputs that are each 0 or 1.</summary>
    public int Output(params int[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckCount(inputs.Length);
        var sum = Bias;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is not (0 or 1))
            {
                throw new ArgumentException($"threshold unit: inputs are boolean (0 or 1), but input {i} is {inputs[i]}", nameof(inputs));
            }

            sum += _weights[i] * inputs[i];
        }

        return sum >= 0 ? 1 : 0;
    }

    /// <summary>The unit's output for boolean inputs.</summary>
    public bool Fire(params bool[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Output(Array.ConvertAll(inputs, b => b ? 1 : 0)) == 1;
    }

    /// <summary>Outputs for a batch: inputs [n, inputs] give a [n] tensor of 0s and 1s (the step of x.w + b).</summary>
    public Tensor Forward(Tensor inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckCount(inputs.Size(-1));
        var w = Tensor.FromArray(_weights).To(inputs.DType);
        return (inputs.MatMul(w) + Bias).Step();
    }

    /// <inheritdoc/>
    public override string ToString() => $"ThresholdLogicUnit(weights=[{string.Join(", ", _weights)}], bias={Bias})";

    private void CheckCount(int count)
    {
        if (count != _weights.Length)
        {
            throw new ArgumentException($"threshold unit: expects {_weights.Length} inputs, got {count}");
        }
    }
}
