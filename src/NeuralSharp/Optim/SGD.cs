using NeuralSharp.Backends;

namespace NeuralSharp.Optim;

/// <summary>
/// Stochastic gradient descent, optionally with momentum and Nesterov momentum, exactly as PyTorch's
/// <c>torch.optim.SGD</c>: with d = g + weightDecay p, the buffer is b = momentum b + (1 - dampening) d
/// (b = d on the first step), and p -= lr b, or p -= lr (d + momentum b) with Nesterov.
/// </summary>
/// <remarks>For the form taught in the course, v = λv − (1 − λ)∂E/∂w, w += ηv, see <see cref="CourseMomentum"/>.</remarks>
public sealed class SGD : Optimizer
{
    /// <summary>Creates the optimiser with PyTorch's defaults (lr 1e-3, no momentum, no decay).</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="momentum">The momentum factor (0 for plain SGD).</param>
    /// <param name="dampening">Scales down the gradient's share in the momentum buffer.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient as weightDecay · p.</param>
    /// <param name="nesterov">Use Nesterov momentum (needs momentum &gt; 0 and no dampening).</param>
    public SGD(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : this([new ParameterGroup(parameters)], learningRate, momentum, dampening, weightDecay, nesterov)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public SGD(IEnumerable<ParameterGroup> groups, double learningRate = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(groups, learningRate, weightDecay)
    {
        CheckNonNegative(momentum, "momentum");
        CheckNonNegative(dampening, "dampening");
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening", nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>The momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>The dampening of the gradient's share in the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>Whether the step uses Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc/>
    protected override string[] CreateStateNames() => Momentum != 0 ? ["momentum_buffer"] : [];

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        // PyTorch starts the buffer as a copy of the first gradient, without dampening.
        var first = state.Step == 1;
        var step = new SgdStep(
            WeightDecay: group.WeightDecay,
            UseMomentum: Momentum != 0,
            BufferScale: first ? 0 : Momentum,
            GradientScale: first ? 1 : 1 - Dampening,
            Nesterov: Nesterov ? Momentum : 0,
            NegativeLearningRate: -group.LearningRate);
        parameter.Backend.SgdStep(parameter, gradient, Momentum != 0 ? state[0] : null, step);
    }

    /// <inheritdoc/>
    protected override void DescribeHyperparameters(IDictionary<string, string> metadata)
    {
        metadata["momentum"] = Format(Momentum);
        metadata["dampening"] = Format(Dampening);
        metadata["nesterov"] = Nesterov ? "true" : "false";
    }
}
