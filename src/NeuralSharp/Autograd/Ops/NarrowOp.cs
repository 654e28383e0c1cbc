using NeuralSharp.Kernels;

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
        CopyKernel.Copy(gradOutput, slot);
        return [full];
    }

    /// <summary>The gradient between zeros along the axis, joined by a recorded concat (for a backward pass with createGraph).</summary>
    private Tensor Padded(Tensor gradOutput)
    {
        var parts = new List<Tensor>(3);
        var after = Inputs[0].Dims[axis] - start - length;
        foreach (var (size, isGrad) in new[] { (start, false), (length, true), (after, false) })
        {
            if (isGrad)
            {
                parts.Add(gradOutput);
            }
            else if (size > 0)
            {
                var dims = (int[])gradOutput.Dims.Clone();
                dims[axis] = size;
                parts.Add(Tensor.Zeros(dims, gradOutput.DType));
            }
        }

        return parts.Count == 1 ? parts[0] : Tensor.Concat([.. parts], axis);
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Narrow(axis, start, length);
}
