namespace NeuralSharp.Autograd.Ops;

/// <summary>Sum over some dimensions. Reverse: the gradient is copied back to every summed element (broadcast). Forward: the sum of the tangent.</summary>
internal sealed class SumOp(int[] axes, bool keepDim) : Op
{
    public override string Name => "sum";

    public static Tensor Apply(Tensor x, int[] axes, bool keepDim)
    {
        var sorted = axes.Select(a => Tensor.NormalizeDim(a, x.Rank, "sum")).Distinct().OrderBy(a => a).ToArray();
        var result = x.Dense();
        var dims = (int[])x.Dims.Clone();
        foreach (var axis in sorted)
        {
            dims[axis] = 1;
            var r = Tensor.Empty((int[])dims.Clone(), x.DType);
            result.Backend.Sum(result, axis, r);
            result = r;
        }

        if (sorted.Length == 0)
        {
            result = ReferenceEquals(result, x) ? x.Clone() : result;
        }

        if (!keepDim)
        {
            result = Reshape(result, dims.Where((_, d) => !sorted.Contains(d)).ToArray());
        }

        return Record(new SumOp(sorted, keepDim), result, x);
    }

    private static Tensor Reshape(Tensor t, int[] dims) => t.View(t.Offset, dims, Tensor.ContiguousStrides(dims));

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var x = Inputs[0];
        var g = keepDim ? gradOutput : gradOutput.Reshape(KeptDims(x));
        return [g.Expand(x.Dims)];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Sum(axes, keepDim);

    private int[] KeptDims(Tensor x)
    {
        var dims = (int[])x.Dims.Clone();
        foreach (var a in axes)
        {
            dims[a] = 1;
        }

        return dims;
    }
}
