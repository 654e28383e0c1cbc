using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// Small products (inference with one row, layers of a few hundred multiply-adds per output):
/// A is read in place and B too when its rows are contiguous, because packing would cost as much
/// as the arithmetic. Always single-threaded; chosen from the shape alone so results never
/// depend on the thread count.
/// </summary>
internal static unsafe class SgemmDirect
{
    private const int Width = 16;
    private const int WideWidth = 64;

    // Beyond this many multiply-adds packing pays for itself.
    private const long MaxWork = 1L << 18;

    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    public static bool Prefers(int m, int n, int k) => m <= 4 || (long)m * n * k <= MaxWork;

    public static void Run(in SgemmProblem p)
    {
        nint rowStrideA = p.TransA ? 1 : p.Lda;
        nint depthStrideA = p.TransA ? p.Lda : 1;
        float* tile = stackalloc float[4 * WideWidth];
        int width = p.M == 1 ? WideWidth : Width;
        float* panel = null;

        for (int j0 = 0; j0 < p.N; j0 += width)
        {
            int cols = Math.Min(width, p.N - j0);
            float* b;
            nint ldb;
            if (!p.TransB && cols == width)
            {
                b = p.B + j0;
                ldb = p.Ldb;
            }
            else
            {
                if (panel == null)
                {
                    panel = GemmBuffers.PackB(p.K * width);
                }

                PackPanel(in p, j0, cols, width, panel);
                b = panel;
                ldb = width;
            }

            if (p.M == 1)
            {
                Kernel1x64(p.K, p.A, depthStrideA, b, ldb, tile);
                Merge(tile, WideWidth, p.C + j0, p.Ldc, 1, cols, p.Alpha, p.Beta);
                continue;
            }

            for (int i0 = 0; i0 < p.M; i0 += 4)
            {
                int rows = Math.Min(4, p.M - i0);

                // Missing rows repeat the last real one: wasted work, but no reads out of bounds.
                float* a0 = p.A + (i0 * rowStrideA);
                float* a1 = p.A + ((i0 + Math.Min(1, rows - 1)) * rowStrideA);
                float* a2 = p.A + ((i0 + Math.Min(2, rows - 1)) * rowStrideA);
                float* a3 = p.A + ((i0 + Math.Min(3, rows - 1)) * rowStrideA);
                Kernel4x16(p.K, a0, a1, a2, a3, depthStrideA, b, ldb, tile);
                Merge(tile, Width, p.C + ((nint)i0 * p.Ldc) + j0, p.Ldc, rows, cols, p.Alpha, p.Beta);
            }
        }
    }

    /// <summary>
    /// op(B) = Bᵀ with A untransposed: every output is a dot product of two contiguous rows, so
    /// both operands stream along k with no packing; ragged ends of k use masked loads.
    /// </summary>
    public static void RunDot(in SgemmProblem p)
    {
        nint lda = p.Lda;
        nint ldb = p.Ldb;
        nint ldc = p.Ldc;
        float* sums = stackalloc float[16];
        int rowsPerBlock = p.M == 1 ? 1 : 2;
        int colsPerBlock = p.M == 1 ? 8 : 4;
        for (int i0 = 0; i0 < p.M; i0 += rowsPerBlock)
        {
            int rows = Math.Min(rowsPerBlock, p.M - i0);
            for (int j0 = 0; j0 < p.N; j0 += colsPerBlock)
            {
                int cols = Math.Min(colsPerBlock, p.N - j0);

                // Missing rows and columns repeat the last real one, so nothing is read out of bounds.
                float* b = p.B + (j0 * ldb);
                nint lastCol = (cols - 1) * ldb;
                if (p.M == 1)
                {
                    DotKernel1x8(p.K, p.A, b, ldb, lastCol, sums);
                }
                else
                {
                    float* a = p.A + (i0 * lda);
                    DotKernel2x4(p.K, a, (rows - 1) * lda, b, Math.Min(ldb, lastCol), lastCol, sums);
                }

                for (int r = 0; r < rows; r++)
                {
                    float* c = p.C + ((i0 + r) * ldc) + j0;
                    for (int j = 0; j < cols; j++)
                    {
                        float t = sums[(r * colsPerBlock) + j];
                        c[j] = p.Beta == 0f ? p.Alpha * t : MathF.FusedMultiplyAdd(p.Alpha, t, p.Beta * c[j]);
                    }
                }
            }
        }
    }

    // Two rows by four columns: eight sums plus the loaded rows fit the 16 ymm registers.
    // Row r of a block lives at base + min(r * stride, last): rows past the end repeat the last.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotKernel2x4(int k, float* a, nint aLast, float* b, nint ldb, nint bLast, float* sums)
    {
        float* a0 = a, a1 = a + aLast;
        float* b0 = b, b1 = b + Math.Min(ldb, bLast), b2 = b + Math.Min(2 * ldb, bLast), b3 = b + bLast;
        Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector256<float> s10 = default, s11 = default, s12 = default, s13 = default;
        for (int q = 0; q < k; q += 8)
        {
            Vector256<float> mask = Mask(k - q);
            Vector256<float> x0 = Avx.MaskLoad(a0 + q, mask);
            Vector256<float> x1 = Avx.MaskLoad(a1 + q, mask);
            Vector256<float> y = Avx.MaskLoad(b0 + q, mask);
            s00 = Vector256.FusedMultiplyAdd(x0, y, s00);
            s10 = Vector256.FusedMultiplyAdd(x1, y, s10);
            y = Avx.MaskLoad(b1 + q, mask);
            s01 = Vector256.FusedMultiplyAdd(x0, y, s01);
            s11 = Vector256.FusedMultiplyAdd(x1, y, s11);
            y = Avx.MaskLoad(b2 + q, mask);
            s02 = Vector256.FusedMultiplyAdd(x0, y, s02);
            s12 = Vector256.FusedMultiplyAdd(x1, y, s12);
            y = Avx.MaskLoad(b3 + q, mask);
            s03 = Vector256.FusedMultiplyAdd(x0, y, s03);
            s13 = Vector256.FusedMultiplyAdd(x1, y, s13);
        }

        sums[0] = Vector256.Sum(s00);
        sums[1] = Vector256.Sum(s01);
        sums[2] = Vector256.Sum(s02);
        sums[3] = Vector256.Sum(s03);
        sums[4] = Vector256.Sum(s10);
        sums[5] = Vector256.Sum(s11);
        sums[6] = Vector256.Sum(s12);
        sums[7] = Vector256.Sum(s13);
    }

    // One row of A against eight rows of B: eight independent sums cover the FMA latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotKernel1x8(int k, float* a, float* b, nint ldb, nint bLast, float* sums)
    {
        float* b0 = b, b1 = b + Math.Min(ldb, bLast), b2 = b + Math.Min(2 * ldb, bLast), b3 = b + Math.Min(3 * ldb, bLast);
        float* b4 = b + Math.Min(4 * ldb, bLast), b5 = b + Math.Min(5 * ldb, bLast), b6 = b + Math.Min(6 * ldb, bLast), b7 = b + bLast;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector256<float> s4 = default, s5 = default, s6 = default, s7 = default;
        for (int q = 0; q < k; q += 8)
        {
            Vector256<float> mask = Mask(k - q);
            Vector256<float> x = Avx.MaskLoad(a + q, mask);
            s0 = Vector256.FusedMultiplyAdd(x, Avx.MaskLoad(b0 + q, mask), s0);
            s1 = Vector256.FusedMultiplyAdd(x, Avx.MaskLoad(b1 + q, mask), s1);
            s2 = Vector256.FusedMultiplyAdd(x, Avx.MaskLoad(b2 + q, mask), s2);
            s3 = Vector256.FusedMultiplyAdd(x, Avx.MaskLoad(b3 + q, mask), s3);
            s4 = Vector256.FusedMultiplyAdd(x, Avx.MaskLoad(b4 + q, mask), s4);
            s5 = Vector256.FusedMultiplyAdd(x, Avx.MaskLoad(b5 + q, mask), s5);
            s6 = Vector256.FusedMultiplyAdd(x, Avx.MaskLoad(b6 + q, mask), s6);
            s7 = Vector256.FusedMultiplyAdd(x, Avx.MaskLoad(b7 + q, mask), s7);
        }

        sums[0] = Vector256.Sum(s0);
        sums[1] = Vector256.Sum(s1);
        sums[2] = Vector256.Sum(s2);
        sums[3] = Vector256.Sum(s3);
        sums[4] = Vector256.Sum(s4);
        sums[5] = Vector256.Sum(s5);
        sums[6] = Vector256.Sum(s6);
        sums[7] = Vector256.Sum(s7);
    }

    private static Vector256<float> Mask(int count) =>
        Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();

    /// <summary>Copies op(B)[0..k, j0..j0+cols] into a k x width panel, zero-padded.</summary>
    private static void PackPanel(in SgemmProblem p, int j0, int cols, int width, float* dst)
    {
        nint ldb = p.Ldb;
        if (p.TransB)
        {
            // Walk k outermost: the writes stay sequential and the few source rows stay in L1.
            float* src = p.B + (j0 * ldb);
            for (int q = 0; q < p.K; q++)
            {
                float* d = dst + (q * width);
                for (int j = 0; j < width; j++)
                {
                    d[j] = j < cols ? src[(j * ldb) + q] : 0f;
                }
            }
        }
        else
        {
            for (int q = 0; q < p.K; q++)
            {
                new ReadOnlySpan<float>(p.B + (q * ldb) + j0, cols).CopyTo(new Span<float>(dst + (q * width), cols));
                new Span<float>(dst + (q * width) + cols, width - cols).Clear();
            }
        }
    }

    private static void Merge(float* tile, int tileStride, float* c, nint ldc, int rows, int cols, float alpha, float beta)
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + (r * tileStride);
            float* cr = c + (r * ldc);
            if (beta == 0f)
            {
                for (int j = 0; j < cols; j++)
                {
                    cr[j] = alpha * t[j];
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    cr[j] = MathF.FusedMultiplyAdd(alpha, t[j], beta * cr[j]);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x16(int k, float* a0, float* a1, float* a2, float* a3, nint da, float* b, nint ldb, float* tile)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int q = 0; q < k; q++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x = Vector256.Create(*a0);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(*a1);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(*a2);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(*a3);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            a0 += da;
            a1 += da;
            a2 += da;
            a3 += da;
            b += ldb;
        }

        c00.Store(tile);
        c01.Store(tile + 8);
        c10.Store(tile + 16);
        c11.Store(tile + 24);
        c20.Store(tile + 32);
        c21.Store(tile + 40);
        c30.Store(tile + 48);
        c31.Store(tile + 56);
    }

    // One row needs eight independent accumulators to cover the FMA latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x64(int k, float* a, nint da, float* b, nint ldb, float* tile)
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector256<float> c4 = default, c5 = default, c6 = default, c7 = default;
        for (int q = 0; q < k; q++)
        {
            Vector256<float> x = Vector256.Create(*a);
            c0 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b), c0);
            c1 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 8), c1);
            c2 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 16), c2);
            c3 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 24), c3);
            c4 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 32), c4);
            c5 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 40), c5);
            c6 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 48), c6);
            c7 = Vector256.FusedMultiplyAdd(x, Vector256.Load(b + 56), c7);
            a += da;
            b += ldb;
        }

        c0.Store(tile);
        c1.Store(tile + 8);
        c2.Store(tile + 16);
        c3.Store(tile + 24);
        c4.Store(tile + 32);
        c5.Store(tile + 40);
        c6.Store(tile + 48);
        c7.Store(tile + 56);
    }
}
