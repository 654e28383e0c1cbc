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
        var n = x.Dims[axis];
        var expected = 1;
        for (var d = 0; d < x.Rank; d++)
        {
            expected *= d == axis ? 1 : x.Dims[d];
        }

        if (indices.Length != expected)
        {
            throw new ArgumentException($"gather: {indices.Length} indices for a tensor of shape {x.Shape} along dimension {dim} (expected {expected})");
        }

        foreach (var i in indices)
        {
            if ((uint)i >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"gather: index {i} is out of range [0, {n}) for dimension {dim} of shape {x.Shape}");
            }
        }

        var dims = (int[])x.Dims.Clone();
        dims[axis] = 1;
        var result = Tensor.Empty(dims, x.DType);
        x.Backend.Gather(x, axis, indices, result);
        return Record(new GatherOp(axis, (int[])indices.Clone()), result, x);
    }

    /// <summary>A dense tensor of the input's shape holding <paramref name="values"/> at the gathered positions.</summary>
    private Tensor Scatter(Tensor values)
    {
        var x = Inputs[0];
        var full = Tensor.Zeros(x.Dims, values.DType);
        full.Backend.ScatterAdd(values, axis, indices, full);
        return full;
    }

    /// <summary>A 0/1 tensor of the input's shape marking the gathered positions.</summary>
    private Tensor PickedMask()
    {
        var x = Inputs[0];
        var dims = (int[])x.Dims.Clone();
        dims[axis] = 1;
        var mask = Tensor.Zeros(x.Dims, x.DType);
        mask.Backend.ScatterAdd(Tensor.Ones(dims, x.DType), axis, indices, mask);
        return mask;
    }

    // While recording, the scatter is written as a broadcast product (the gradient has size 1 along the
    // axis, and one position per row is picked), which is differentiable in the gradient.
    protected internal override Tensor?[] Backward(Tensor gradOutput) =>
        [GradMode.IsEnabled ? gradOutput * PickedMask() : Scatter(gradOutput)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Gather(axis, indices);
}
