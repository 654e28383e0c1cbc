namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>Mean absolute error (PyTorch's <c>l1_loss</c>): the mean of |prediction - target| over all elements.</summary>
    public static Tensor MeanAbsoluteError(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        target = SameShapeTarget("l1_loss", prediction, target);
        return Reduce((prediction - target).Abs(), reduction);
    }
}

/// <summary>Mean absolute error as an object; see <see cref="Loss.MeanAbsoluteError"/>.</summary>
/// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : ILoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.MeanAbsoluteError(prediction, target, reduction);

    /// <inheritdoc/>
    public override string ToString() => $"L1Loss(reduction={reduction})";
}
