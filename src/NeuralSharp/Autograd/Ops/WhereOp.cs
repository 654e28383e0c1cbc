namespace NeuralSharp.Autograd.Ops;

/// <summary>Element-wise choice: a where the condition is non-zero, b elsewhere. The gradient follows the choice.</summary>
internal sealed class WhereOp(Tensor condition) : Op
{
    public override string Name => "where";

    public static Tensor Apply(Tensor condition, Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
        {
            (a, b) = (a.To(DType.Float64), b.To(DType.Float64));
        }

        var mask = condition.Ne(0.0).To(a.DType);
        // a*m + b*(1-m) would turn an infinity in the unchosen branch into NaN; copy instead.
        var dims = Broadcasting.Shape(Broadcasting.Shape(mask.Dims, a.Dims, "where"), b.Dims, "where");
        var (m, aa, bb) = (Tensor.Empty(dims, a.DType), Tensor.Empty(dims, a.DType), Tensor.Empty(dims, a.DType));
        a.Backend.BroadcastCopy(mask, m);
        a.Backend.BroadcastCopy(a, aa);
        a.Backend.BroadcastCopy(b, bb);
        var result = Tensor.Empty(dims, a.DType);
        a.Backend.Select(m, aa, bb, result);
        return Record(new WhereOp(m), result, a, b);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) =>
        [gradOutput * condition, gradOutput * (1.0 - condition)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) =>
        Tensor.Where(condition, inputTangents[0], inputTangents[1]);
}
