namespace NeuralSharp.Autograd.Ops;

/// <summary>Maximum along one dimension. Reverse: the max gate routes the whole gradient to the (first) winning element.</summary>
internal sealed class MaxOp(int axis, bool keepDim, int[] indices) : Op
{
    public override string Name => "max";

    /// <summary>Index of the maximum along the reduced dimension, per output element.</summary>
    public int[] Indices => indices;

    public static (Tensor Values, int[] Indices) Apply(Tensor x, int dim, bool keepDim)
    {
        var axis = Tensor.NormalizeDim(dim, x.Rank, "max");
        var dims = (int[])x.Dims.Clone();
        dims[axis] = 1;
        var values = Tensor.Empty(dims, x.DType);
        var indices = new int[values.Count];
        x.Backend.Max(x, axis, values, indices);
        if (!keepDim)
        {
            var outDims = dims.Where((_, d) => d != axis).ToArray();
            values = values.View(0, outDims, Tensor.ContiguousStrides(outDims));
        }

        return (Record(new MaxOp(axis, keepDim, indices), values, x), indices);
    }

    /// <summary>A dense 0/1 tensor of the input's shape marking each winner.</summary>
    private Tensor WinnerMask()
    {
        var x = Inputs[0];
        var dims = (int[])x.Dims.Clone();
        dims[axis] = 1;
        var mask = Tensor.ZerosLike(x);
        x.Backend.ScatterAdd(Tensor.Ones(dims, x.DType), axis, indices, mask);
        return mask;
    }

    private Tensor Kept(Tensor g)
    {
        if (keepDim)
        {
            return g;
        }

        var dims = (int[])Inputs[0].Dims.Clone();
        dims[axis] = 1;
        return g.Reshape(dims);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [Kept(gradOutput) * WinnerMask()];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        var picked = (inputTangents[0] * WinnerMask()).Sum([axis], keepDim: true);
        return keepDim ? picked : picked.Squeeze(axis);
    }
}
