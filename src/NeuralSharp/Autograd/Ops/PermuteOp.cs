namespace NeuralSharp.Autograd.Ops;

/// <summary>Reorders dimensions (transpose is the two-dimension case): a view with permuted strides. Derivatives permute back.</summary>
internal sealed class PermuteOp(int[] order) : Op
{
    public override string Name => "permute";

    public static Tensor Apply(Tensor x, int[] order)
    {
        if (order.Length != x.Rank)
        {
            throw new ArgumentException($"permute: tensor of shape {x.Shape} needs {x.Rank} dimensions in the order, got {order.Length}");
        }

        var norm = order.Select(d => Tensor.NormalizeDim(d, x.Rank, "permute")).ToArray();
        if (norm.Distinct().Count() != norm.Length)
        {
            throw new ArgumentException($"permute: order {Shape.Format(order)} repeats a dimension");
        }

        var dims = norm.Select(d => x.Dims[d]).ToArray();
        var strides = norm.Select(d => x.Strides[d]).ToArray();
        return Record(new PermuteOp(norm), x.View(x.Offset, dims, strides), x);
    }

    private int[] Inverse()
    {
        var inv = new int[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            inv[order[i]] = i;
        }

        return inv;
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [gradOutput.Permute(Inverse())];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Permute(order);
}
