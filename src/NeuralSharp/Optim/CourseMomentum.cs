using NeuralSharp.Backends;

namespace NeuralSharp.Optim;

/// <summary>
/// Momentum in the form taught in the course: v ← λv − (1 − λ)∂E/∂w, then w ← w + ηv. The velocity
/// is an exponential average of the negative gradient, so λ changes how far back it remembers without
/// changing the size of a steady step (unlike <see cref="SGD"/>'s v = μv + g, which grows by 1/(1 − μ)).
/// </summary>
public sealed class CourseMomentum : Optimizer
{
    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size η.</param>
    /// <param name="momentum">The memory λ in [0, 1); 0 is plain gradient descent.</param>
    /// <param name="weightDecay">An L2 penalty added to ∂E/∂w as weightDecay · w.</param>
    public CourseMomentum(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0.9, double weightDecay = 0)
        : this([new ParameterGroup(parameters)], learningRate, momentum, weightDecay)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public CourseMomentum(IEnumerable<ParameterGroup> groups, double learningRate, double momentum = 0.9, double weightDecay = 0)
        : base(groups, learningRate, weightDecay)
    {
        CheckInRange(momentum, 0, 1, "momentum");
        Momentum = momentum;
    }

    /// <summary>The memory λ of the velocity.</summary>
    public double Momentum { get; }

    /// <inheritdoc/>
    protected override string[] CreateStateNames() => ["velocity"];

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        parameter.Backend.CourseMomentumStep(parameter, gradient, state[0], new CourseMomentumStep(Momentum, group.LearningRate, group.WeightDecay));
    }

    /// <inheritdoc/>
    protected override void DescribeHyperparameters(IDictionary<string, string> metadata) => metadata["momentum"] = Format(Momentum);
}
