using NeuralSharp.Autograd.Ops;

namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// Categorical cross-entropy of softmax(logits) against integer class labels: -log softmax(z)_label
    /// per example, computed stably from the logits as -(z_label - logsumexp(z)).
    /// </summary>
    /// <remarks>
    /// One fused operation (log-sum-exp, the picked logit and the reduction in one pass; softmax minus
    /// one-hot backward) rather than a composition of a dozen, as it is the loss of nearly every classifier.
    /// </remarks>
    /// <param name="logits">Scores of shape [batch, classes] (or [classes] for one example).</param>
    /// <param name="labels">One class index in [0, classes) per example.</param>
    /// <param name="reduction">Mean over examples (the default), Sum, or None (one value per example).</param>
    public static Tensor CrossEntropy(Tensor logits, int[] labels, Reduction reduction = Reduction.Mean)
    {
        const string name = "cross_entropy";
        var batch = AsBatch(name, logits);
        CheckLabels(name, labels, batch.Size(0), batch.Size(1));
        var loss = CrossEntropyOp.Apply(batch, labels, reduction);
        return logits.Rank == 1 && reduction == Reduction.None ? loss.Squeeze(0) : loss;
    }

    /// <summary>
    /// Categorical cross-entropy H(p, q) = -sum_c p_c log q_c with q = softmax(logits) and p given as
    /// one-hot or soft targets of the logits' shape, per example; computed stably via log-softmax.
    /// A target of shape [batch] instead holds class indices (as PyTorch accepts both).
    /// </summary>
    /// <param name="logits">Scores of shape [batch, classes] (or [classes] for one example).</param>
    /// <param name="target">Probabilities in [0, 1] of the logits' shape, or class indices of shape [batch].</param>
    /// <param name="reduction">Mean over examples (the default), Sum, or None (one value per example).</param>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean)
    {
        const string name = "cross_entropy";
        ArgumentNullException.ThrowIfNull(target);
        var batch = AsBatch(name, logits);
        if (logits.Rank == 2 && target.Rank == 1 && target.Size(0) == batch.Size(0))
        {
            return CrossEntropy(logits, LabelsOf(name, target), reduction);
        }

        target = SameShapeTarget(name, logits, target);
        CheckRange(name, "target", target, 0, 1);
        var loss = CrossEntropyOp.Apply(batch, AsBatch(name, target), reduction);
        return logits.Rank == 1 && reduction == Reduction.None ? loss.Squeeze(0) : loss;
    }
}

/// <summary>Categorical cross-entropy from logits as an object; see <see cref="Loss.CrossEntropy(Tensor, Tensor, Reduction)"/>.</summary>
/// <param name="reduction">Mean over examples (the default), Sum, or None.</param>
public sealed class CrossEntropyLoss(Reduction reduction = Reduction.Mean) : ILabelLoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <summary>The loss against one-hot or soft targets of the logits' shape, or class indices of shape [batch].</summary>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.CrossEntropy(prediction, target, reduction);

    /// <summary>The loss against integer class labels.</summary>
    public Tensor Compute(Tensor prediction, int[] labels) => Loss.CrossEntropy(prediction, labels, reduction);

    /// <inheritdoc/>
    public override string ToString() => $"CrossEntropyLoss(reduction={reduction})";
}
