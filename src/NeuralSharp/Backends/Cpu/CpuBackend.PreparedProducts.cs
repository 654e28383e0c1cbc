using NeuralSharp.Kernels;

namespace NeuralSharp.Backends.Cpu;

// Products with a right operand packed once for many calls (the recurrent weight of every step of a sequence).
internal sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public Tensor? PrepareRightOperand(Tensor w, bool transpose)
    {
        // Only the float GEMM packs its operands into panels worth keeping; the double product reads w as it is.
        if (w.DType != DType.Float32)
        {
            return null;
        }

        var d = w.Dense();
        var (n, k) = transpose ? (d.Dims[0], d.Dims[1]) : (d.Dims[1], d.Dims[0]);
        var packed = Tensor.Empty([Math.Max(1, SgemmPackedB.Length(n, k))], DType.Float32);
        SgemmPackedB.Pack(transpose, n, k, Dense<float>(d), Math.Max(1, d.Dims[1]), Dense<float>(packed));
        return packed;
    }

    /// <inheritdoc/>
    public void MatMulPrepared(Tensor a, Tensor w, bool transpose, Tensor? prepared, Tensor result)
    {
        if (prepared is null || result.DType != DType.Float32)
        {
            if (transpose)
            {
                LinearForward(a, w, null, result);
            }
            else
            {
                MatMul(a, w, result);
            }

            return;
        }

        var (x, wd) = (a.Dense(), w.Dense());
        var (m, k, n) = (x.Dims[0], x.Dims[1], result.Dims[1]);
        SgemmPackedB.Multiply(false, transpose, m, n, k, 1f, Dense<float>(x), Math.Max(1, k), Dense<float>(wd), Math.Max(1, wd.Dims[1]), Dense<float>(prepared), 0f, Dense<float>(result), Math.Max(1, n));
    }
}
