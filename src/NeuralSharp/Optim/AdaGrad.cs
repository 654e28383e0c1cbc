using NeuralSharp.Backends;

namespace NeuralSharp.Optim;

/// <summary>
/// AdaGrad (Duchi et al.), exactly as PyTorch's <c>torch.optim.Adagrad</c>: the sum of squared
/// gradients s += g² gives each weight its own step, p -= lr / (1 + (t − 1) lrDecay) · g / (√s + ε),
/// which shrinks for weights that have already moved a lot.
/// </summary>
public sealed class AdaGrad : Optimizer
{
    /// <summary>Creates the optimiser with PyTorch's defaults.</summary>
    /// <param name="parameters">The tensors to update.</param>
    /// <param name="learningRate">The step size lr.</param>
    /// <param name="learningRateDecay">Divides the step size by 1 + (t − 1) · learningRateDecay at step t.</param>
    /// <param name="weightDecay">The L2 penalty added to the gradient as weightDecay · p.</param>
    /// <param name="initialAccumulatorValue">The starting value of the sum of squares.</param>
    /// <param name="eps">Added to the denominator so that it is never zero.</param>
    public AdaGrad(IEnumerable<Tensor> parameters, double learningRate = 1e-2, double learningRateDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        : this([new ParameterGroup(parameters)], learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, eps)
    {
    }

    /// <summary>Creates the optimiser over parameter groups; see the other constructor for the arguments.</summary>
    public AdaGrad(IEnumerable<ParameterGroup> groups, double learningRate = 1e-2, double learningRateDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double eps = 1e-10)
        : base(groups, learningRate, weightDecay)
    {
        CheckNonNegative(learningRateDecay, "learning rate decay");
        CheckNonNegative(initialAccumulatorValue, "initial accumulator value");
        CheckNonNegative(eps, "eps");
        LearningRateDecay = learningRateDecay;
        InitialAccumulatorValue = initialAccumulatorValue;
        Eps = eps;
    }

    /// <summary>The decay of the step size with the step count.</summary>
    public double LearningRateDecay { get; }

    /// <summary>The starting value of the sum of squared gradients.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>The term that keeps the denominator away from zero.</summary>
    public double Eps { get; }

    /// <inheritdoc/>
    protected override string[] CreateStateNames() => ["sum"];

    /// <inheritdoc/>
    protected override void InitializeState(Tensor parameter, ParameterState state) => state[0].Fill(InitialAccumulatorValue);

    /// <inheritdoc/>
    protected override void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group)
    {
        var stepSize = group.LearningRate / (1 + ((state.Step - 1) * LearningRateDecay));
        parameter.Backend.AdaGradStep(parameter, gradient, state[0], new AdaGradStep(group.WeightDecay, Eps, -stepSize));
    }

    /// <inheritdoc/>
    protected override void DescribeHyperparameters(IDictionary<string, string> metadata)
    {
        metadata["lr_decay"] = Format(LearningRateDecay);
        metadata["initial_accumulator_value"] = Format(InitialAccumulatorValue);
        metadata["eps"] = Format(Eps);
    }
}
