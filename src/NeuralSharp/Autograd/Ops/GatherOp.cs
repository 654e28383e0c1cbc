using NeuralSharp.Kernels;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// For each position of the other dimensions, picks one element along <c>dim</c> by index: the
/// probability of each example's true class. Reverse: the gradient goes back to the picked element.
/// </summary>
internal sealed class GatherOp(int axis, int[] indices) : Op
{
    public override string Name => "gather";

    /// <summary>Result has the input's shape with dimension <paramref name="dim"/> of size 1 (kept).</summary>
    public static Tensor Apply(Tensor x, int dim, int[] indices)
    {
        var axis = Tensor.NormalizeDim(dim, x.Rank, "gather");
        var (outer, n, inner) = ReduceKernels.Split(x.Dims, axis);
        if (indices.Length != outer * inner)
        {
            throw new ArgumentException($"gather: {indices.Length} indices for a tensor of shape {x.Shape} along dimension {dim} (expected {outer * inner})");
        }

        foreach (var i in indices)
        {
            if ((uint)i >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"gather: index {i} is out of range [0, {n}) for dimension {dim} of shape {x.Shape}");
            }
        }

        var src = Elementwise.Dense(x);
        var dims = (int[])x.Dims.Clone();
        dims[axis] = 1;
        var result = Tensor.Empty(dims, x.DType);
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                result.SetDouble((o * inner) + j, src.GetDouble(src.Offset + (((o * n) + indices[(o * inner) + j]) * inner) + j));
            }
        }

        return Record(new GatherOp(axis, (int[])indices.Clone()), result, x);
    }

    /// <summary>A dense tensor of the input's shape holding <paramref name="values"/> at the gathered positions.</summary>
    private Tensor Scatter(Tensor values)
    {
        var x = Inputs[0];
        var full = Tensor.Zeros(x.Dims, values.DType);
        var v = Elementwise.Dense(values);
        var (outer, n, inner) = ReduceKernels.Split(x.Dims, axis);
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                full.SetDouble((((o * n) + indices[(o * inner) + j]) * inner) + j, v.GetDouble(v.Offset + (o * inner) + j));
            }
        }

        return full;
    }

    /// <summary>A 0/1 tensor of the input's shape marking the gathered positions.</summary>
    private Tensor PickedMask()
    {
        var x = Inputs[0];
        var mask = Tensor.Zeros(x.Dims, x.DType);
        var (outer, n, inner) = ReduceKernels.Split(x.Dims, axis);
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                mask.SetDouble((((o * n) + indices[(o * inner) + j]) * inner) + j, 1.0);
            }
        }

        return mask;
    }

    // While recording, the scatter is written as a broadcast product (the gradient has size 1 along the
    // axis, and one position per row is picked), which is differentiable in the gradient.
    protected internal override Tensor?[] Backward(Tensor gradOutput) =>
        [GradMode.IsEnabled ? gradOutput * PickedMask() : Scatter(gradOutput)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Gather(axis, indices);
}
