namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// Negative log-likelihood from log-probabilities: -logp[label] per example (PyTorch's <c>nll_loss</c>);
    /// NLL of log-softmax outputs is the cross-entropy.
    /// </summary>
    /// <param name="logProbabilities">Log-probabilities of shape [batch, classes] (or [classes] for one example).</param>
    /// <param name="labels">One class index in [0, classes) per example.</param>
    /// <param name="reduction">Mean over examples (the default), Sum, or None (one value per example).</param>
    public static Tensor NegativeLogLikelihood(Tensor logProbabilities, int[] labels, Reduction reduction = Reduction.Mean)
    {
        const string name = "nll_loss";
        var batch = AsBatch(name, logProbabilities);
        CheckLabels(name, labels, batch.Size(0), batch.Size(1));
        var perExample = -batch.Gather(1, labels).Squeeze(1);
        return Reduce(logProbabilities.Rank == 1 ? perExample.Squeeze(0) : perExample, reduction);
    }
}

/// <summary>Negative log-likelihood as an object; see <see cref="Loss.NegativeLogLikelihood"/>.</summary>
/// <param name="reduction">Mean over examples (the default), Sum, or None.</param>
public sealed class NllLoss(Reduction reduction = Reduction.Mean) : ILabelLoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <summary>The loss against class indices stored in a tensor of shape [batch] (whole numbers).</summary>
    public Tensor Compute(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Loss.NegativeLogLikelihood(prediction, Loss.LabelsOf("nll_loss", target), reduction);
    }

    /// <summary>The loss against integer class labels.</summary>
    public Tensor Compute(Tensor prediction, int[] labels) => Loss.NegativeLogLikelihood(prediction, labels, reduction);

    /// <inheritdoc/>
    public override string ToString() => $"NllLoss(reduction={reduction})";
}
