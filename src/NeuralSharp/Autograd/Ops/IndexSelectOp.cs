namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Picks slices along one dimension by index (rows of an embedding table, examples of a batch).
/// Reverse: each picked slice's gradient is added back at its index (indices may repeat).
/// </summary>
internal sealed class IndexSelectOp(int axis, int[] indices) : Op
{
    public override string Name => "index_select";

    public static Tensor Apply(Tensor x, int dim, int[] indices)
    {
        var axis = Tensor.NormalizeDim(dim, x.Rank, "index_select");
        var n = x.Dims[axis];
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"index_select: index {i} is out of range for dimension {dim} of size {n} (shape {x.Shape})");
            }
        }

        var dims = (int[])x.Dims.Clone();
        dims[axis] = indices.Length;
        var result = Tensor.Empty(dims, x.DType);
        x.Backend.IndexSelect(x, axis, indices, result);
        return Record(new IndexSelectOp(axis, (int[])indices.Clone()), result, x);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var x = Inputs[0];
        if (GradMode.IsEnabled)
        {
            return [RecordedIndexAdd(gradOutput)];
        }

        var grad = Tensor.Zeros(x.Dims, gradOutput.DType);
        grad.Backend.IndexAdd(gradOutput, axis, indices, grad);
        return [grad];
    }

    /// <summary>
    /// The same sum written as a product with a one-hot selection matrix S [picked, n] along the axis,
    /// g S, so that a backward pass with createGraph records it.
    /// </summary>
    private Tensor RecordedIndexAdd(Tensor gradOutput)
    {
        var n = Inputs[0].Dims[axis];
        var select = Tensor.OneHot(indices, n, gradOutput.DType);

        var last = gradOutput.Rank - 1;
        return gradOutput.Transpose(axis, last).MatMul(select).Transpose(axis, last);
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].IndexSelect(axis, indices);
}
