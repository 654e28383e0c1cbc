namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// The quadratic cost with the course's 1/2: C = 1/(2n) sum_x ||y(x) - a(x)||^2 over n examples;
    /// for one example it is E = sum 1/2 (target - output)^2, whose gradient is simply output - target.
    /// </summary>
    /// <param name="prediction">The outputs a; dimension 0 indexes the examples (a scalar is one example).</param>
    /// <param name="target">The targets y, of the same shape.</param>
    /// <param name="reduction">Mean divides by the number of examples n (not of elements); Sum gives sum_x E_x; None gives E_x per example.</param>
    public static Tensor Quadratic(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        target = SameShapeTarget("quadratic_loss", prediction, target);
        if (reduction != Reduction.None)
        {
            // Each example's cost sums over its outputs; the 1/n of the mean is over examples.
            var examples = prediction.Rank == 0 ? 1 : prediction.Dims[0];
            return Autograd.Ops.SquaredErrorOp.Apply(prediction, target, reduction == Reduction.Mean ? 0.5 / Math.Max(1, examples) : 0.5);
        }

        var halfSquares = 0.5 * (target - prediction).Square();
        var perExample = prediction.Rank <= 1 ? halfSquares : halfSquares.Sum(Enumerable.Range(1, prediction.Rank - 1).ToArray());
        return Reduce(perExample, reduction);
    }
}

/// <summary>The quadratic cost 1/(2n) sum ||y - a||^2 as an object; see <see cref="Loss.Quadratic"/>.</summary>
/// <param name="reduction">Mean over examples (the default), Sum, or None (one cost per example).</param>
public sealed class QuadraticLoss(Reduction reduction = Reduction.Mean) : ILoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.Quadratic(prediction, target, reduction);

    /// <inheritdoc/>
    public override string ToString() => $"QuadraticLoss(reduction={reduction})";
}
