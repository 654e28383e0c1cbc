namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Matrix product C = A B (batched, batch dimensions broadcast). Reverse: dA = dC B^T, dB = A^T dC,
/// with the transposes read as views, never copied. Forward: dC = dA B + A dB.
/// </summary>
internal sealed class MatMulOp : Op
{
    public override string Name => "matmul";

    public static Tensor Apply(Tensor a, Tensor b)
    {
        if (a.DType != b.DType)
        {
            (a, b) = (a.To(DType.Float64), b.To(DType.Float64));
        }

        if (a.Rank == 0 || b.Rank == 0)
        {
            throw new ArgumentException($"matmul: {a.Shape} x {b.Shape}: both operands need at least one dimension");
        }

        // Vectors are promoted to matrices and the added dimension removed again, as in NumPy.
        if (a.Rank == 1 || b.Rank == 1)
        {
            var a2 = a.Rank == 1 ? a.Unsqueeze(0) : a;
            var b2 = b.Rank == 1 ? b.Unsqueeze(1) : b;
            CheckInner(a, b, a2, b2);
            var r = Apply(a2, b2);
            if (a.Rank == 1)
            {
                r = r.Squeeze(-2);
            }

            return b.Rank == 1 ? r.Squeeze(-1) : r;
        }

        CheckInner(a, b, a, b);
        var batch = Broadcasting.Shape(a.Dims[..^2], b.Dims[..^2], "matmul");
        var result = Tensor.Empty([.. batch, a.Dims[^2], b.Dims[^1]], a.DType);
        a.Backend.MatMul(a, b, result);
        return Record(new MatMulOp(), result, a, b);
    }

    private static void CheckInner(Tensor a, Tensor b, Tensor a2, Tensor b2)
    {
        if (a2.Dims[^1] != b2.Dims[^2])
        {
            throw new ArgumentException($"matmul: {a.Shape} x {b.Shape}: inner dimensions {a2.Dims[^1]} and {b2.Dims[^2]} differ");
        }
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var (a, b) = (Inputs[0], Inputs[1]);
        return
        [
            a.RequiresGrad ? gradOutput.MatMul(b.Transpose(-1, -2)) : null,
            b.RequiresGrad ? a.Transpose(-1, -2).MatMul(gradOutput) : null,
        ];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) =>
        inputTangents[0].MatMul(Inputs[1]) + Inputs[0].MatMul(inputTangents[1]);
}
