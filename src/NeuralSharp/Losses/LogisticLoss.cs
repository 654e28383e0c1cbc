namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// The logit loss with labels y in {-1, +1}: -log sigma(y z) = log(1 + e^(-y z)), computed as
    /// softplus(-y z) so that it never overflows (PyTorch's <c>soft_margin_loss</c>).
    /// </summary>
    /// <remarks>The same loss as <see cref="BinaryCrossEntropyWithLogits"/> with 0/1 labels t = (y + 1) / 2.</remarks>
    /// <param name="logits">The scores z = w.x + b.</param>
    /// <param name="labels">-1 or +1 for each score, of the same shape.</param>
    /// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
    public static Tensor Logistic(Tensor logits, Tensor labels, Reduction reduction = Reduction.Mean)
    {
        const string name = "logistic_loss";
        labels = SameShapeTarget(name, logits, labels);
        CheckPlusMinusOne(name, labels);
        return Reduce((-(labels * logits)).SoftPlus(), reduction);
    }
}

/// <summary>The logit loss with ±1 labels as an object; see <see cref="Loss.Logistic"/>.</summary>
/// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
public sealed class LogisticLoss(Reduction reduction = Reduction.Mean) : ILoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.Logistic(prediction, target, reduction);

    /// <inheritdoc/>
    public override string ToString() => $"LogisticLoss(reduction={reduction})";
}
