namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// A slice [start, start + length) of one dimension: a view. Reverse: the gradient goes back into the
/// slice, zeros elsewhere. Forward: the same slice of the tangent.
/// </summary>
internal sealed class NarrowOp(int axis, int start, int length) : Op
{
    public override string Name => "narrow";

    public static Tensor Apply(Tensor x, int dim, int start, int length)
    {
        var axis = Tensor.NormalizeDim(dim, x.Rank, "narrow");
        if (start < 0)
        {
            start += x.Dims[axis];
        }

        if (start < 0 || length < 0 || start + length > x.Dims[axis])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"narrow: [{start}, {start + length}) is outside dimension {dim} of size {x.Dims[axis]} (shape {x.Shape})");
        }

        var dims = (int[])x.Dims.Clone();
        dims[axis] = length;
        var view = x.View(x.Offset + (start * x.Strides[axis]), dims, x.Strides);
        return Record(new NarrowOp(axis, start, length), view, x);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        if (GradMode.IsEnabled)
        {
            return [Padded(gradOutput)];
        }

        var full = Tensor.Zeros(Inputs[0].Dims, gradOutput.DType);
        var slot = full.View(start * full.Strides[axis], gradOutput.Dims, full.Strides);
        slot.Backend.Copy(gradOutput, slot);
        return [full];
    }

    /// <summary>The gradient between zeros along the axis, joined by a recorded concat (for a backward pass with createGraph).</summary>
    private Tensor Padded(Tensor gradOutput)
    {
        var after = Inputs[0].Dims[axis] - start - length;
        var parts = new List<Tensor>(3);
        if (start > 0)
        {
            parts.Add(ZerosAlongAxis(gradOutput, start));
        }

        parts.Add(gradOutput);
        if (after > 0)
        {
            parts.Add(ZerosAlongAxis(gradOutput, after));
        }

        return parts.Count == 1 ? gradOutput : Tensor.Concat([.. parts], axis);
    }

    private Tensor ZerosAlongAxis(Tensor like, int size)
    {
        var dims = (int[])like.Dims.Clone();
        dims[axis] = size;
        return Tensor.Zeros(dims, like.DType);
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Narrow(axis, start, length);
}
