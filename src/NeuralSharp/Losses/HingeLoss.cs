namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// The max-margin hinge loss of a binary SVM neuron: max(0, margin - y z) with labels y in {-1, +1}.
    /// Points classified correctly by at least the margin cost nothing and send no gradient.
    /// </summary>
    /// <param name="scores">The scores z = w.x + b.</param>
    /// <param name="labels">-1 or +1 for each score, of the same shape.</param>
    /// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
    /// <param name="margin">The margin (1 in the usual SVM).</param>
    public static Tensor Hinge(Tensor scores, Tensor labels, Reduction reduction = Reduction.Mean, double margin = 1.0)
    {
        const string name = "hinge_loss";
        labels = SameShapeTarget(name, scores, labels);
        CheckPlusMinusOne(name, labels);
        // At y z = margin exactly the subgradient 0 is used (ReLU'(0) = 0).
        return Reduce((margin - (labels * scores)).Relu(), reduction);
    }
}

/// <summary>The hinge loss as an object; see <see cref="Loss.Hinge"/>.</summary>
/// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
/// <param name="margin">The margin (1 in the usual SVM).</param>
public sealed class HingeLoss(Reduction reduction = Reduction.Mean, double margin = 1.0) : ILoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <summary>The margin.</summary>
    public double Margin => margin;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.Hinge(prediction, target, reduction, margin);

    /// <inheritdoc/>
    public override string ToString() => $"HingeLoss(reduction={reduction}, margin={margin})";
}
