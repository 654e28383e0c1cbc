namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>Mean squared error (PyTorch's <c>mse_loss</c>): the mean of (prediction - target)^2 over all elements, without the 1/2.</summary>
    public static Tensor MeanSquaredError(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        target = SameShapeTarget("mse_loss", prediction, target);
        if (reduction != Reduction.None)
        {
            return Autograd.Ops.SquaredErrorOp.Apply(prediction, target, reduction == Reduction.Mean ? 1.0 / Math.Max(1, prediction.Count) : 1.0);
        }

        return Reduce((prediction - target).Square(), reduction);
    }
}

/// <summary>Mean squared error as an object; see <see cref="Loss.MeanSquaredError"/>.</summary>
/// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
public sealed class MseLoss(Reduction reduction = Reduction.Mean) : ILoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.MeanSquaredError(prediction, target, reduction);

    /// <inheritdoc/>
    public override string ToString() => $"MseLoss(reduction={reduction})";
}
