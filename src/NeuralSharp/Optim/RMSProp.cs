using NeuralSharp.Backends;

namespace NeuralSharp.Optim;

/// <summary>
/// RMSProp (Hinton), exactly as PyTorch's <c>torch.optim.RMSprop</c>: s = αs + (1 − α)g², then
/// p -= lr · g / (√s + ε); centred, s is replaced by the variance s − ḡ² with ḡ = αḡ + (1 − α)g;
/// with momentum μ, b = μb + g / (√s + ε) and p -= lr · b.
/// </summary>
public sealed class RMSProp : Optimizer
{
    /// <summary>Creates the optimiser with PyTorch's defaults.</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="alpha">Decay of the running average of squared gradients.</param>
    /// <param name="eps">Added to the denominator so that it is never zero.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient as weightDecay · p.</param>
    /// <param name="momentum">The momentum factor (0 for none).</param>
    /// <param name="centered">Normalise by the estimated variance rather than the mean square.</param>
    public RMSProp(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : this([new ParameterGroup(parameters)], learningRate, alpha, eps, weightDecay, momentum, centered)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public RMSProp(IEnumerable<ParameterGroup> groups, double learningRate = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(groups, learningRate, weightDecay)
    {
        CheckNonNegative(alpha, "alpha");
        CheckNonNegative(eps, "eps");
        CheckNonNegative(momentum, "momentum");
        Alpha = alpha;
        Eps = eps;
        Momentum = momentum;
        Centered = centered;
    }

    /// <summary>Decay of the running average of squared gradients.</summary>
    public double Alpha { get; }

    /// <summary>The term that keeps the denominator away from zero.</summary>
    public double Eps { get; }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>Whether the gradient is normalised by its estimated variance.</summary>
    public bool Centered { get; }

    /// <inheritdoc/>
    protected override string[] CreateStateNames()
    {
        var names = new List<string> { "square_avg" };
        if (Momentum > 0)
        {
            names.Add("momentum_buffer");
        }

        if (Centered)
        {
            names.Add("grad_avg");
        }

        return [.. names];
    }

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        var step = new RmsPropStep(group.WeightDecay, Alpha, Eps, Momentum, Centered, -group.LearningRate);
        var momentumBuffer = Momentum > 0 ? state[1] : null;
        var gradientAverage = Centered ? state[state.Buffers.Count - 1] : null;
        parameter.Backend.RmsPropStep(parameter, gradient, state[0], momentumBuffer, gradientAverage, step);
    }

    /// <inheritdoc/>
    protected override void DescribeHyperparameters(IDictionary<string, string> metadata)
    {
        metadata["alpha"] = Format(Alpha);
        metadata["eps"] = Format(Eps);
        metadata["momentum"] = Format(Momentum);
        metadata["centered"] = Centered ? "true" : "false";
    }
}
