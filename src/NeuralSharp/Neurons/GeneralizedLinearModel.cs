using NeuralSharp.Autograd;

namespace NeuralSharp.Neurons;

/// <summary>
/// A generalised linear model, the single neuron of statistics: prediction t(x.w + b) for a transfer
/// t and loss l from a <see cref="GlmFamily"/>, trained by plain gradient descent with autograd.
/// </summary>
/// <example>
/// <code>
/// var model = GeneralizedLinearModel.PoissonRegression(features: 3);
/// model.Fit(x, counts, learningRate: 0.1, epochs: 500);
/// var rates = model.Forward(x);
/// </code>
/// </example>
public sealed class GeneralizedLinearModel
{
    /// <summary>A model of <paramref name="features"/> inputs whose weights and bias start at zero (every family here is convex, so the start only changes the path).</summary>
    public GeneralizedLinearModel(int features, GlmFamily family, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        Family = family ?? throw new ArgumentNullException(nameof(family));
        Weights = Tensor.Zeros([features], dtype).RequireGrad();
        Bias = Tensor.Scalar(0.0, dtype).RequireGrad();
    }

    /// <summary>The transfer and loss.</summary>
    public GlmFamily Family { get; }

    /// <summary>The weights w, shape [features], a parameter.</summary>
    public Tensor Weights { get; }

    /// <summary>The bias b, a scalar parameter.</summary>
    public Tensor Bias { get; }

    /// <summary>Linear regression: identity transfer, squared loss.</summary>
    public static GeneralizedLinearModel LinearRegression(int features, DType dtype = DType.Float32) => new(features, GlmFamily.Gaussian, dtype);

    /// <summary>Logistic regression: sigmoid transfer, cross-entropy.</summary>
    public static GeneralizedLinearModel LogisticRegression(int features, DType dtype = DType.Float32) => new(features, GlmFamily.Bernoulli, dtype);

    /// <summary>Poisson regression: exponential transfer, Poisson negative log-likelihood.</summary>
    public static GeneralizedLinearModel PoissonRegression(int features, DType dtype = DType.Float32) => new(features, GlmFamily.Poisson, dtype);

    /// <summary>The linear predictor z = x.w + b: x [n, features] gives [n].</summary>
    public Tensor LinearPredictor(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Size(-1) != Weights.Size(0))
        {
            throw new ArgumentException($"{Family.Name}: expects {Weights.Size(0)} features, got input of shape {x.Shape}", nameof(x));
        }

        return x.To(Weights.DType).MatMul(Weights) + Bias;
    }

    /// <summary>The prediction t(x.w + b).</summary>
    public Tensor Forward(Tensor x) => Family.Transfer(LinearPredictor(x));

    /// <summary>The training objective: the family's loss plus <paramref name="l2"/> ||w||^2 (the bias is not penalised).</summary>
    public Tensor Objective(Tensor x, Tensor y, double l2 = 0)
    {
        var loss = Family.Loss.Compute(LinearPredictor(x), y);
        return l2 == 0 ? loss : loss + Losses.Loss.L2Penalty([Weights], l2);
    }

    /// <summary>
    /// Full-batch gradient descent: each epoch computes the objective on all examples, back-propagates
    /// and steps w &lt;- w - lr dL/dw, b &lt;- b - lr dL/db.
    /// </summary>
    /// <param name="x">Examples, shape [n, features].</param>
    /// <param name="y">Targets, shape [n], in the family's form (real values, 0/1 labels, counts, ±1 labels).</param>
    /// <param name="learningRate">The step size.</param>
    /// <param name="epochs">The number of steps.</param>
    /// <param name="l2">Optional L2 regularisation strength on the weights.</param>
    /// <returns>The objective before each step.</returns>
    public IReadOnlyList<double> Fit(Tensor x, Tensor y, double learningRate, int epochs, double l2 = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        var history = new List<double>(epochs);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            Weights.ZeroGrad();
            Bias.ZeroGrad();
            var objective = Objective(x, y, l2);
            history.Add(objective.ItemAsDouble());
            objective.Backward();
            using (GradMode.NoGrad())
            {
                Weights.AddInPlace(Weights.Grad!, -learningRate);
                Bias.AddInPlace(Bias.Grad!, -learningRate);
            }
        }

        return history;
    }

    /// <inheritdoc/>
    public override string ToString() => $"GeneralizedLinearModel({Family}, features={Weights.Size(0)})";
}
