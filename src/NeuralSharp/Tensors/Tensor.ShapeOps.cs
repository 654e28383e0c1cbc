using NeuralSharp.Autograd.Ops;

namespace NeuralSharp;

public sealed partial class Tensor
{
    /// <summary>The same elements with a new shape; one dimension may be -1 (inferred). A view when possible.</summary>
    public Tensor Reshape(params int[] shape) => ReshapeOp.Apply(this, shape);

    /// <summary>Collapses dimensions <paramref name="startDim"/> .. <paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0)
        {
            return Reshape(1);
        }

        var s = NormalizeDim(startDim, Rank, "flatten");
        var e = NormalizeDim(endDim, Rank, "flatten");
        var dims = new List<int>();
        dims.AddRange(Dims[..s]);
        dims.Add(Dims[s..(e + 1)].Aggregate(1, (a, b) => a * b));
        dims.AddRange(Dims[(e + 1)..]);
        return Reshape([.. dims]);
    }

    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        var order = AllDims();
        var a = NormalizeDim(dim0, Rank, "transpose");
        var b = NormalizeDim(dim1, Rank, "transpose");
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>The transpose of a matrix (a view).</summary>
    public Tensor T => Rank == 2
        ? Transpose(0, 1)
        : throw new InvalidOperationException($"T: expects a matrix, got shape {Shape}; use Transpose or Permute");

    /// <summary>Reorders the dimensions (a view).</summary>
    public Tensor Permute(params int[] order) => PermuteOp.Apply(this, order);

    /// <summary>Elements [start, start + length) of a dimension (a view).</summary>
    public Tensor Narrow(int dim, int start, int length) => NarrowOp.Apply(this, dim, start, length);

    /// <summary>Broadcasts size-1 dimensions to <paramref name="shape"/> without copying.</summary>
    public Tensor Expand(params int[] shape) => ExpandOp.Apply(this, shape);

    /// <summary>Joins tensors along an existing dimension.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int dim = 0) => ConcatOp.Apply([.. tensors], dim);

    /// <summary>Picks the slices at <paramref name="indices"/> along a dimension (indices may repeat).</summary>
    public Tensor IndexSelect(int dim, int[] indices) => IndexSelectOp.Apply(this, dim, indices);

    /// <summary>
    /// Picks one element along <paramref name="dim"/> for every other position: with logits [batch, classes]
    /// and one label per example, <c>Gather(1, labels)</c> gives each example's score for its label, shape [batch, 1].
    /// </summary>
    public Tensor Gather(int dim, int[] indices) => GatherOp.Apply(this, dim, indices);

    /// <summary>One-hot rows: labels [n] become a [n, classes] tensor with a single 1 per row.</summary>
    public static Tensor OneHot(int[] labels, int classes, DType dtype = DType.Float32)
    {
        var t = ZerosOf([labels.Length, classes], dtype);
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"one_hot: label {labels[i]} at position {i} is outside [0, {classes})");
            }

            t.Backend.SetElement(t, (i * classes) + labels[i], 1.0);
        }

        return t;
    }
}
