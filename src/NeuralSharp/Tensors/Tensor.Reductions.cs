using NeuralSharp.Autograd.Ops;

namespace NeuralSharp;

public sealed partial class Tensor
{
    /// <summary>The sum of all elements, as a scalar tensor.</summary>
    public Tensor Sum() => SumOp.Apply(this, AllDims(), keepDim: false);

    /// <summary>Sums over one dimension.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => SumOp.Apply(this, [dim], keepDim);

    /// <summary>Sums over several dimensions.</summary>
    public Tensor Sum(int[] dims, bool keepDim = false) => SumOp.Apply(this, dims, keepDim);

    /// <summary>The mean of all elements.</summary>
    public Tensor Mean() => Sum() / Math.Max(Count, 1);

    /// <summary>The mean over one dimension.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Sum(dim, keepDim) / Dims[NormalizeDim(dim, Rank, "mean")];

    /// <summary>The mean over several dimensions.</summary>
    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        var n = dims.Select(d => Dims[NormalizeDim(d, Rank, "mean")]).Aggregate(1, (a, b) => a * b);
        return Sum(dims, keepDim) / n;
    }

    /// <summary>The largest element (its gradient goes to the first maximum).</summary>
    public Tensor Max() => Reshape(-1).Max(0);

    /// <summary>The largest element along a dimension.</summary>
    public Tensor Max(int dim, bool keepDim = false) => MaxOp.Apply(this, dim, keepDim).Values;

    /// <summary>The smallest element along a dimension.</summary>
    public Tensor Min(int dim, bool keepDim = false) => -(-this).Max(dim, keepDim);

    /// <summary>The index of the largest element along a dimension, for every other position (row-major).</summary>
    public int[] ArgMax(int dim = -1)
    {
        using (Autograd.GradMode.NoGrad())
        {
            return MaxOp.Apply(this, dim, keepDim: false).Indices;
        }
    }

    /// <summary>log(sum(exp(x))) over a dimension, computed as m + log(sum(exp(x - m))) with m the maximum so that it never overflows.</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false)
    {
        var m = Max(dim, keepDim: true).Detach();
        var r = (this - m).Exp().Sum(dim, keepDim: true).Log() + m;
        return keepDim ? r : r.Squeeze(dim);
    }

    /// <summary>Variance over a dimension; <paramref name="unbiased"/> divides by n - 1 (PyTorch's default) instead of n.</summary>
    public Tensor Var(int dim, bool keepDim = false, bool unbiased = true)
    {
        var n = Dims[NormalizeDim(dim, Rank, "var")];
        var centred = this - Mean(dim, keepDim: true);
        return centred.Square().Sum(dim, keepDim) / Math.Max(unbiased ? n - 1 : n, 1);
    }

    /// <summary>Variance of all elements.</summary>
    public Tensor Var(bool unbiased = true) => Reshape(-1).Var(0, false, unbiased);

    private int[] AllDims() => Enumerable.Range(0, Rank).ToArray();
}
