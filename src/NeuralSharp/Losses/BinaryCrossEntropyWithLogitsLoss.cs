namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// Binary cross-entropy from logits z (P(y = 1) = sigma(z)), computed stably as
    /// max(z, 0) - z y + log(1 + e^-|z|), element-wise (PyTorch's <c>binary_cross_entropy_with_logits</c>).
    /// </summary>
    /// <remarks>
    /// max(z, 0) + log(1 + e^-|z|) is softplus(z), which the library computes in that overflow-free
    /// form; writing it as softplus keeps the derivative sigma(z) - y exact at z = 0, where the
    /// kinks of max and |z| would each give a one-sided value.
    /// </remarks>
    /// <param name="logits">The scores z = w.x + b, any real values.</param>
    /// <param name="target">Targets in [0, 1], of the same shape.</param>
    /// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean)
    {
        const string name = "binary_cross_entropy_with_logits";
        target = SameShapeTarget(name, logits, target);
        CheckRange(name, "target", target, 0, 1);
        return Reduce(logits.SoftPlus() - (logits * target), reduction);
    }
}

/// <summary>Binary cross-entropy from logits as an object; see <see cref="Loss.BinaryCrossEntropyWithLogits"/>.</summary>
/// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
public sealed class BinaryCrossEntropyWithLogitsLoss(Reduction reduction = Reduction.Mean) : ILoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.BinaryCrossEntropyWithLogits(prediction, target, reduction);

    /// <inheritdoc/>
    public override string ToString() => $"BinaryCrossEntropyWithLogitsLoss(reduction={reduction})";
}
