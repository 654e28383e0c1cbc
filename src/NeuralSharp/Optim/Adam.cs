using NeuralSharp.Backends;

namespace NeuralSharp.Optim;

/// <summary>
/// Adam (Kingma and Ba), exactly as PyTorch's <c>torch.optim.Adam</c>: moment estimates
/// m = β₁m + (1 − β₁)g and v = β₂v + (1 − β₂)g², then
/// p -= lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε). Weight decay is an L2 term added to g; for decay
/// applied to the weights directly use <see cref="AdamW"/>.
/// </summary>
public class Adam : Optimizer
{
    private readonly bool _decoupled;

    /// <summary>Creates the optimiser with PyTorch's defaults.</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="beta1">Decay of the first-moment (mean) estimate.</param>
    /// <param name="beta2">Decay of the second-moment (uncentred variance) estimate.</param>
    /// <param name="eps">Added to the denominator so that it is never zero.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient as weightDecay · p.</param>
    /// <param name="amsgrad">Divide by the largest second moment seen so far (AMSGrad).</param>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : this([new ParameterGroup(parameters)], learningRate, beta1, beta2, eps, weightDecay, amsgrad)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public Adam(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
        : this(groups, learningRate, beta1, beta2, eps, weightDecay, amsgrad, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<ParameterGroup> groups, double learningRate, double beta1, double beta2, double eps, double weightDecay, bool amsgrad, bool decoupled)
        : base(groups, learningRate, weightDecay)
    {
        CheckInRange(beta1, 0, 1, "beta1");
        CheckInRange(beta2, 0, 1, "beta2");
        CheckNonNegative(eps, "eps");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        AmsGrad = amsgrad;
        _decoupled = decoupled;
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>The term that keeps the denominator away from zero.</summary>
    public double Eps { get; }

    /// <summary>Whether the AMSGrad variant is used.</summary>
    public bool AmsGrad { get; }

    /// <inheritdoc/>
    protected override string[] CreateStateNames() => AmsGrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"];

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        // Scalars are computed in double once per step, as PyTorch does in Python, then rounded to T.
        double step = state.Step;
        var c = new AdamStep(
            Decay: _decoupled ? 1 - (group.LearningRate * group.WeightDecay) : 1,
            L2: _decoupled ? 0 : group.WeightDecay,
            Beta1: Beta1,
            Beta2: Beta2,
            BiasCorrection2Sqrt: Math.Sqrt(1 - Math.Pow(Beta2, step)),
            Eps: Eps,
            NegativeStepSize: -(group.LearningRate / (1 - Math.Pow(Beta1, step))),
            AmsGrad: AmsGrad);
        parameter.Backend.AdamStep(parameter, gradient, state[0], state[1], AmsGrad ? state[2] : null, c);
    }

    /// <inheritdoc/>
    protected override void DescribeHyperparameters(IDictionary<string, string> metadata)
    {
        metadata["betas"] = $"{Format(Beta1)},{Format(Beta2)}";
        metadata["eps"] = Format(Eps);
        metadata["amsgrad"] = AmsGrad ? "true" : "false";
    }
}
