namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>The default floor under probabilities before their logarithm: log(1e-7) = -16.1 instead of -infinity.</summary>
    public const double DefaultProbabilityEpsilon = 1e-7;

    /// <summary>
    /// Binary cross-entropy from probabilities: -y log(p) - (1 - y) log(1 - p), element-wise.
    /// </summary>
    /// <remarks>
    /// p and 1 - p are floored at <paramref name="epsilon"/> so that a saturated sigmoid gives a large
    /// finite loss instead of infinity. Prefer <see cref="BinaryCrossEntropyWithLogits"/> where the
    /// logits are at hand: it needs no floor and keeps the gradient exact.
    /// </remarks>
    /// <param name="probabilities">Predicted P(y = 1), each in [0, 1].</param>
    /// <param name="target">Targets in [0, 1] (0/1 labels, or soft targets), of the same shape.</param>
    /// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
    /// <param name="epsilon">The floor under p and 1 - p.</param>
    public static Tensor BinaryCrossEntropy(Tensor probabilities, Tensor target, Reduction reduction = Reduction.Mean, double epsilon = DefaultProbabilityEpsilon)
    {
        const string name = "binary_cross_entropy";
        target = SameShapeTarget(name, probabilities, target);
        CheckRange(name, "probabilities", probabilities, 0, 1);
        CheckRange(name, "target", target, 0, 1);
        // Clamping 1 - p rather than p to 1 - eps: 1 - 1e-7 is not representable next to 1 in float32.
        var logP = probabilities.Clamp(epsilon, 1).Log();
        var logNotP = (1.0 - probabilities).Clamp(epsilon, 1).Log();
        return Reduce(-((target * logP) + ((1.0 - target) * logNotP)), reduction);
    }
}

/// <summary>Binary cross-entropy from probabilities as an object; see <see cref="Loss.BinaryCrossEntropy"/>.</summary>
/// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
/// <param name="epsilon">The floor under p and 1 - p before the logarithm.</param>
public sealed class BinaryCrossEntropyLoss(Reduction reduction = Reduction.Mean, double epsilon = Loss.DefaultProbabilityEpsilon) : ILoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <summary>The floor under p and 1 - p.</summary>
    public double Epsilon => epsilon;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.BinaryCrossEntropy(prediction, target, reduction, epsilon);

    /// <inheritdoc/>
    public override string ToString() => $"BinaryCrossEntropyLoss(reduction={reduction}, epsilon={epsilon})";
}
