namespace NeuralSharp.Autograd.Ops;

/// <summary>Joins tensors along one dimension. Each input's gradient is its slice of the output's gradient.</summary>
internal sealed class ConcatOp(int axis) : Op
{
    public override string Name => "concat";

    public static Tensor Apply(Tensor[] parts, int dim)
    {
        if (parts.Length == 0)
        {
            throw new ArgumentException("concat: no tensors to join");
        }

        var first = parts[0];
        var axis = Tensor.NormalizeDim(dim, first.Rank, "concat");
        var dims = (int[])first.Dims.Clone();
        dims[axis] = 0;
        foreach (var p in parts)
        {
            if (p.Rank != first.Rank || Enumerable.Range(0, p.Rank).Any(d => d != axis && p.Dims[d] != first.Dims[d]))
            {
                throw new ArgumentException($"concat: shapes {first.Shape} and {p.Shape} differ outside dimension {dim}");
            }

            dims[axis] += p.Dims[axis];
        }

        var dtype = parts.Any(p => p.DType == DType.Float64) ? DType.Float64 : DType.Float32;
        var result = Tensor.Empty(dims, dtype);
        var at = 0;
        foreach (var p in parts)
        {
            var slot = result.View(at * result.Strides[axis], p.Dims, result.Strides);
            result.Backend.Copy(p, slot);
            at += p.Dims[axis];
        }

        return Record(new ConcatOp(axis), result, parts);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var grads = new Tensor?[Inputs.Length];
        var at = 0;
        for (var i = 0; i < Inputs.Length; i++)
        {
            var len = Inputs[i].Dims[axis];
            grads[i] = gradOutput.Narrow(axis, at, len);
            at += len;
        }

        return grads;
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => Tensor.Concat(inputTangents, axis);
}
