using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// General matrix product on row-major matrices: C = alpha * op(A) * op(B) + beta * C.
/// </summary>
/// <remarks>
/// <para>All matrices are row-major; a leading dimension (lda, ldb, ldc) is the distance in
/// elements between the starts of two consecutive stored rows, so it may exceed the row width
/// when the matrix is a view into a wider one.</para>
/// <para>Large float products are split across up to <see cref="Parallelism.ThreadCount"/>
/// threads by blocks of rows or columns of C, never along the summed dimension k, so every
/// element is accumulated in the same order and the result does not depend on the thread count.</para>
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// Computes C[m,n] = alpha * op(A) * op(B) + beta * C in single precision.
    /// </summary>
    /// <param name="transA">If false, A is stored m x k and op(A) = A; if true, A is stored k x m and op(A) = Aᵀ.</param>
    /// <param name="transB">If false, B is stored k x n and op(B) = B; if true, B is stored n x k and op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B): the summed dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A, row-major.</param>
    /// <param name="lda">Row stride of the stored A, at least its stored row width.</param>
    /// <param name="b">Storage of B, row-major.</param>
    /// <param name="ldb">Row stride of the stored B, at least its stored row width.</param>
    /// <param name="beta">Scale of the old C; when 0, C's old contents are ignored (even NaN).</param>
    /// <param name="c">Storage of C (m x n, row-major), updated in place.</param>
    /// <param name="ldc">Row stride of C, at least n.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or a leading dimension is too small.</exception>
    /// <exception cref="ArgumentException">A span is too short for the matrix it holds.</exception>
    public static unsafe void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (k == 0 || alpha == 0f)
            {
                ScaleC(m, n, beta, pc, ldc);
                return;
            }

            Run(new SgemmProblem(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc));
        }
    }

    /// <summary>
    /// The affine map of a dense layer with its activation, fused: y[m,n] = act(x W^T + bias) for x [m, k], W [n, k]
    /// and bias [n] (empty for none), all contiguous; the bias and the activation are applied to each tile of y as
    /// it is written. The results equal those of the unfused ops bit for bit.
    /// </summary>
    internal static unsafe void LinearForward(
        int m, int n, int k, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, GemmActivation activation, Span<float> y)
    {
        Validate(false, true, m, n, k, x.Length, Math.Max(1, k), w.Length, Math.Max(1, k), y.Length, Math.Max(1, n));
        if (!bias.IsEmpty && bias.Length != n)
        {
            throw new ArgumentException($"Gemm: a bias for {n} outputs needs {n} elements, got {bias.Length}.", nameof(bias));
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* px = x)
        fixed (float* pw = w)
        fixed (float* pb = bias)
        fixed (float* py = y)
        {
            var p = new SgemmProblem(false, true, m, n, k, 1f, px, Math.Max(1, k), pw, Math.Max(1, k), 0f, py, n, bias.IsEmpty ? null : pb, activation);
            if (k == 0)
            {
                y[..(m * n)].Clear();
                GemmEpilogue.Apply(in p, py, m, n, 0);
                return;
            }

            Run(in p);
        }
    }

    private static void Run(in SgemmProblem p)
    {
        var route = SgemmDirectSplit.Choose(p.TransA, p.TransB, p.M, p.N, p.K);
        if (route != SgemmDirectRoute.None)
        {
            SgemmDirectSplit.Run(in p, route);
        }
        else if (Vector512.IsHardwareAccelerated)
        {
            SgemmBlocked<Avx512Kernel>.Run(in p);
        }
        else if (Vector256.IsHardwareAccelerated && Fma.IsSupported)
        {
            SgemmBlocked<Avx2Kernel>.Run(in p);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            SgemmBlocked<Vector128Kernel>.Run(in p);
        }
        else
        {
            SgemmBlocked<ScalarKernel>.Run(in p);
        }
    }

    /// <summary>
    /// Computes C[m,n] = alpha * op(A) * op(B) + beta * C in double precision.
    /// </summary>
    /// <param name="transA">If false, A is stored m x k and op(A) = A; if true, A is stored k x m and op(A) = Aᵀ.</param>
    /// <param name="transB">If false, B is stored k x n and op(B) = B; if true, B is stored n x k and op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A) and rows of op(B): the summed dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">Storage of A, row-major.</param>
    /// <param name="lda">Row stride of the stored A, at least its stored row width.</param>
    /// <param name="b">Storage of B, row-major.</param>
    /// <param name="ldb">Row stride of the stored B, at least its stored row width.</param>
    /// <param name="beta">Scale of the old C; when 0, C's old contents are ignored (even NaN).</param>
    /// <param name="c">Storage of C (m x n, row-major), updated in place.</param>
    /// <param name="ldc">Row stride of C, at least n.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is negative or a leading dimension is too small.</exception>
    /// <exception cref="ArgumentException">A span is too short for the matrix it holds.</exception>
    public static unsafe void Multiply(
        bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        double beta, Span<double> c, int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (double* pa = a)
        fixed (double* pb = b)
        fixed (double* pc = c)
        {
            if (k == 0 || alpha == 0d)
            {
                ScaleC(m, n, beta, pc, ldc);
                return;
            }

            Dgemm.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }

    private static unsafe void ScaleC<T>(int m, int n, T beta, T* c, int ldc)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + ((nint)i * ldc), n);
            if (T.IsZero(beta))
            {
                row.Clear();
            }
            else if (beta != T.One)
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }

    private static void Validate(
        bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(
                m < 0 ? nameof(m) : n < 0 ? nameof(n) : nameof(k),
                $"Gemm sizes must be non-negative, got m = {m}, n = {n}, k = {k}.");
        }

        // Stored shapes: the transposed operand is stored with rows and columns swapped.
        CheckOperand("A", nameof(lda), transA ? k : m, transA ? m : k, transA, aLength, lda);
        CheckOperand("B", nameof(ldb), transB ? n : k, transB ? k : n, transB, bLength, ldb);
        CheckOperand("C", nameof(ldc), m, n, false, cLength, ldc);
    }

    private static void CheckOperand(string name, string ldName, int rows, int cols, bool transposed, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(
                ldName, ld, $"Gemm operand {name} ({Shape(rows, cols, transposed)}): {ldName} = {ld} is smaller than its row width {Math.Max(1, cols)}.");
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentException(
                $"Gemm operand {name} ({Shape(rows, cols, transposed)}, {ldName} = {ld}) needs at least {needed} elements but its span has {length}.",
                name.ToLowerInvariant());
        }

        static string Shape(int rows, int cols, bool transposed) =>
            transposed ? $"stored transposed as {rows} x {cols}" : $"{rows} x {cols}";
    }
}
