using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// AVX-512 variant of <see cref="SgemmDirect"/>: ragged edges are read with masked loads, so
/// nothing at all is copied.
/// </summary>
internal static unsafe class SgemmDirect512
{
    private const int Rows = 4;
    private const int Width = 32;
    private const int WideWidth = 128;

    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    public static void Run(in SgemmProblem p)
    {
        nint rowStrideA = p.TransA ? 1 : p.Lda;
        nint depthStrideA = p.TransA ? p.Lda : 1;
        nint ldb = p.Ldb;
        nint ldc = p.Ldc;
        var alpha = Vector512.Create(p.Alpha);
        var beta = Vector512.Create(p.Beta);
        bool readC = p.Beta != 0f;

        float* acc = stackalloc float[WideWidth];
        if (p.M == 1)
        {
            for (int j0 = 0; j0 < p.N; j0 += WideWidth)
            {
                int cols = Math.Min(WideWidth, p.N - j0);
                if (cols == WideWidth)
                {
                    Kernel1x128<NoMask>(p.K, p.A, depthStrideA, p.B + j0, ldb, default, acc);
                }
                else
                {
                    Kernel1x128<Masked>(p.K, p.A, depthStrideA, p.B + j0, ldb, cols, acc);
                }

                for (int v = 0; v < WideWidth / 16 && v * 16 < cols; v++)
                {
                    StoreRow(acc + (v * 16), p.C + j0 + (v * 16), Mask(cols - (v * 16)), alpha, beta, readC);
                }
            }

            return;
        }

        for (int j0 = 0; j0 < p.N; j0 += Width)
        {
            int cols = Math.Min(Width, p.N - j0);
            Vector512<float> mask0 = Mask(cols), mask1 = Mask(cols - 16);
            for (int i0 = 0; i0 < p.M; i0 += Rows)
            {
                int rows = Math.Min(Rows, p.M - i0);

                // Missing rows repeat the last real one: wasted work, but no reads out of bounds.
                float* a0 = p.A + (i0 * rowStrideA);
                float* a1 = p.A + ((i0 + Math.Min(1, rows - 1)) * rowStrideA);
                float* a2 = p.A + ((i0 + Math.Min(2, rows - 1)) * rowStrideA);
                float* a3 = p.A + ((i0 + Math.Min(3, rows - 1)) * rowStrideA);
                float* c = p.C + (i0 * ldc) + j0;
                if (cols == Width)
                {
                    Kernel4x32<NoMask>(p.K, a0, a1, a2, a3, depthStrideA, p.B + j0, ldb, mask0, mask1, c, ldc, rows, alpha, beta, readC);
                }
                else
                {
                    Kernel4x32<Masked>(p.K, a0, a1, a2, a3, depthStrideA, p.B + j0, ldb, mask0, mask1, c, ldc, rows, alpha, beta, readC);
                }
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
        int rowsPerBlock = p.M == 1 ? 1 : 4;
        int colsPerBlock = p.M == 1 ? 8 : 4;
        for (int i0 = 0; i0 < p.M; i0 += rowsPerBlock)
        {
            int rows = Math.Min(rowsPerBlock, p.M - i0);

            // Two rows left over (a batch of 10) take a 2x8 tile rather than half-empty 4x4 ones: each output is
            // the same sum in the same order either way.
            bool pair = rows == 2;
            int blockCols = pair ? 8 : colsPerBlock;
            for (int j0 = 0; j0 < p.N; j0 += blockCols)
            {
                int cols = Math.Min(blockCols, p.N - j0);

                // Missing rows and columns repeat the last real one, so nothing is read out of bounds.
                float* b = p.B + (j0 * ldb);
                nint lastCol = (cols - 1) * ldb;
                if (p.M == 1)
                {
                    DotKernel1x8(p.K, p.A, b, ldb, lastCol, sums);
                }
                else if (pair)
                {
                    DotKernel2x8(p.K, p.A + (i0 * lda), lda, b, ldb, lastCol, sums);
                }
                else
                {
                    float* a = p.A + (i0 * lda);
                    DotKernel4x4(p.K, a, Math.Min(lda, (rows - 1) * lda), (rows - 1) * lda, b, Math.Min(ldb, lastCol), lastCol, sums);
                }

                for (int r = 0; r < rows; r++)
                {
                    float* c = p.C + ((i0 + r) * ldc) + j0;
                    for (int j = 0; j < cols; j++)
                    {
                        float t = sums[(r * blockCols) + j];
                        c[j] = p.Beta == 0f ? p.Alpha * t : MathF.FusedMultiplyAdd(p.Alpha, t, p.Beta * c[j]);
                    }
                }
            }
        }
    }

    // Row r of a block lives at base + min(r * stride, last): rows past the end repeat the last.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotKernel4x4(int k, float* a, nint lda, nint aLast, float* b, nint ldb, nint bLast, float* sums)
    {
        float* a0 = a, a1 = a + Math.Min(lda, aLast), a2 = a + Math.Min(2 * lda, aLast), a3 = a + aLast;
        float* b0 = b, b1 = b + Math.Min(ldb, bLast), b2 = b + Math.Min(2 * ldb, bLast), b3 = b + bLast;
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default;
        Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default;
        Vector512<float> s30 = default, s31 = default, s32 = default, s33 = default;
        for (int q = 0; q < k; q += 16)
        {
            Vector512<float> mask = Mask(k - q);
            Vector512<float> x0 = Avx512F.MaskLoad(a0 + q, mask, Vector512<float>.Zero);
            Vector512<float> x1 = Avx512F.MaskLoad(a1 + q, mask, Vector512<float>.Zero);
            Vector512<float> x2 = Avx512F.MaskLoad(a2 + q, mask, Vector512<float>.Zero);
            Vector512<float> x3 = Avx512F.MaskLoad(a3 + q, mask, Vector512<float>.Zero);
            Vector512<float> y = Avx512F.MaskLoad(b0 + q, mask, Vector512<float>.Zero);
            s00 = Vector512.FusedMultiplyAdd(x0, y, s00);
            s10 = Vector512.FusedMultiplyAdd(x1, y, s10);
            s20 = Vector512.FusedMultiplyAdd(x2, y, s20);
            s30 = Vector512.FusedMultiplyAdd(x3, y, s30);
            y = Avx512F.MaskLoad(b1 + q, mask, Vector512<float>.Zero);
            s01 = Vector512.FusedMultiplyAdd(x0, y, s01);
            s11 = Vector512.FusedMultiplyAdd(x1, y, s11);
            s21 = Vector512.FusedMultiplyAdd(x2, y, s21);
            s31 = Vector512.FusedMultiplyAdd(x3, y, s31);
            y = Avx512F.MaskLoad(b2 + q, mask, Vector512<float>.Zero);
            s02 = Vector512.FusedMultiplyAdd(x0, y, s02);
            s12 = Vector512.FusedMultiplyAdd(x1, y, s12);
            s22 = Vector512.FusedMultiplyAdd(x2, y, s22);
            s32 = Vector512.FusedMultiplyAdd(x3, y, s32);
            y = Avx512F.MaskLoad(b3 + q, mask, Vector512<float>.Zero);
            s03 = Vector512.FusedMultiplyAdd(x0, y, s03);
            s13 = Vector512.FusedMultiplyAdd(x1, y, s13);
            s23 = Vector512.FusedMultiplyAdd(x2, y, s23);
            s33 = Vector512.FusedMultiplyAdd(x3, y, s33);
        }

        sums[0] = Vector512.Sum(s00);
        sums[1] = Vector512.Sum(s01);
        sums[2] = Vector512.Sum(s02);
        sums[3] = Vector512.Sum(s03);
        sums[4] = Vector512.Sum(s10);
        sums[5] = Vector512.Sum(s11);
        sums[6] = Vector512.Sum(s12);
        sums[7] = Vector512.Sum(s13);
        sums[8] = Vector512.Sum(s20);
        sums[9] = Vector512.Sum(s21);
        sums[10] = Vector512.Sum(s22);
        sums[11] = Vector512.Sum(s23);
        sums[12] = Vector512.Sum(s30);
        sums[13] = Vector512.Sum(s31);
        sums[14] = Vector512.Sum(s32);
        sums[15] = Vector512.Sum(s33);
    }

    // One row of A against eight rows of B: eight independent sums cover the FMA latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotKernel1x8(int k, float* a, float* b, nint ldb, nint bLast, float* sums)
    {
        float* b0 = b, b1 = b + Math.Min(ldb, bLast), b2 = b + Math.Min(2 * ldb, bLast), b3 = b + Math.Min(3 * ldb, bLast);
        float* b4 = b + Math.Min(4 * ldb, bLast), b5 = b + Math.Min(5 * ldb, bLast), b6 = b + Math.Min(6 * ldb, bLast), b7 = b + bLast;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector512<float> s4 = default, s5 = default, s6 = default, s7 = default;
        for (int q = 0; q < k; q += 16)
        {
            Vector512<float> mask = Mask(k - q);
            Vector512<float> x = Avx512F.MaskLoad(a + q, mask, Vector512<float>.Zero);
            s0 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(b0 + q, mask, Vector512<float>.Zero), s0);
            s1 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(b1 + q, mask, Vector512<float>.Zero), s1);
            s2 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(b2 + q, mask, Vector512<float>.Zero), s2);
            s3 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(b3 + q, mask, Vector512<float>.Zero), s3);
            s4 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(b4 + q, mask, Vector512<float>.Zero), s4);
            s5 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(b5 + q, mask, Vector512<float>.Zero), s5);
            s6 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(b6 + q, mask, Vector512<float>.Zero), s6);
            s7 = Vector512.FusedMultiplyAdd(x, Avx512F.MaskLoad(b7 + q, mask, Vector512<float>.Zero), s7);
        }

        sums[0] = Vector512.Sum(s0);
        sums[1] = Vector512.Sum(s1);
        sums[2] = Vector512.Sum(s2);
        sums[3] = Vector512.Sum(s3);
        sums[4] = Vector512.Sum(s4);
        sums[5] = Vector512.Sum(s5);
        sums[6] = Vector512.Sum(s6);
        sums[7] = Vector512.Sum(s7);
    }

    // Two rows of A against eight rows of B: sixteen independent sums, ten loads for sixteen FMAs.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotKernel2x8(int k, float* a, nint lda, float* b, nint ldb, nint bLast, float* sums)
    {
        float* a0 = a, a1 = a + lda;
        float* b0 = b, b1 = b + Math.Min(ldb, bLast), b2 = b + Math.Min(2 * ldb, bLast), b3 = b + Math.Min(3 * ldb, bLast);
        float* b4 = b + Math.Min(4 * ldb, bLast), b5 = b + Math.Min(5 * ldb, bLast), b6 = b + Math.Min(6 * ldb, bLast), b7 = b + bLast;
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default, s05 = default, s06 = default, s07 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default, s14 = default, s15 = default, s16 = default, s17 = default;
        for (int q = 0; q < k; q += 16)
        {
            Vector512<float> mask = Mask(k - q);
            Vector512<float> x0 = Avx512F.MaskLoad(a0 + q, mask, Vector512<float>.Zero);
            Vector512<float> x1 = Avx512F.MaskLoad(a1 + q, mask, Vector512<float>.Zero);
            Vector512<float> y = Avx512F.MaskLoad(b0 + q, mask, Vector512<float>.Zero);
            s00 = Vector512.FusedMultiplyAdd(x0, y, s00);
            s10 = Vector512.FusedMultiplyAdd(x1, y, s10);
            y = Avx512F.MaskLoad(b1 + q, mask, Vector512<float>.Zero);
            s01 = Vector512.FusedMultiplyAdd(x0, y, s01);
            s11 = Vector512.FusedMultiplyAdd(x1, y, s11);
            y = Avx512F.MaskLoad(b2 + q, mask, Vector512<float>.Zero);
            s02 = Vector512.FusedMultiplyAdd(x0, y, s02);
            s12 = Vector512.FusedMultiplyAdd(x1, y, s12);
            y = Avx512F.MaskLoad(b3 + q, mask, Vector512<float>.Zero);
            s03 = Vector512.FusedMultiplyAdd(x0, y, s03);
            s13 = Vector512.FusedMultiplyAdd(x1, y, s13);
            y = Avx512F.MaskLoad(b4 + q, mask, Vector512<float>.Zero);
            s04 = Vector512.FusedMultiplyAdd(x0, y, s04);
            s14 = Vector512.FusedMultiplyAdd(x1, y, s14);
            y = Avx512F.MaskLoad(b5 + q, mask, Vector512<float>.Zero);
            s05 = Vector512.FusedMultiplyAdd(x0, y, s05);
            s15 = Vector512.FusedMultiplyAdd(x1, y, s15);
            y = Avx512F.MaskLoad(b6 + q, mask, Vector512<float>.Zero);
            s06 = Vector512.FusedMultiplyAdd(x0, y, s06);
            s16 = Vector512.FusedMultiplyAdd(x1, y, s16);
            y = Avx512F.MaskLoad(b7 + q, mask, Vector512<float>.Zero);
            s07 = Vector512.FusedMultiplyAdd(x0, y, s07);
            s17 = Vector512.FusedMultiplyAdd(x1, y, s17);
        }

        sums[0] = Vector512.Sum(s00);
        sums[1] = Vector512.Sum(s01);
        sums[2] = Vector512.Sum(s02);
        sums[3] = Vector512.Sum(s03);
        sums[4] = Vector512.Sum(s04);
        sums[5] = Vector512.Sum(s05);
        sums[6] = Vector512.Sum(s06);
        sums[7] = Vector512.Sum(s07);
        sums[8] = Vector512.Sum(s10);
        sums[9] = Vector512.Sum(s11);
        sums[10] = Vector512.Sum(s12);
        sums[11] = Vector512.Sum(s13);
        sums[12] = Vector512.Sum(s14);
        sums[13] = Vector512.Sum(s15);
        sums[14] = Vector512.Sum(s16);
        sums[15] = Vector512.Sum(s17);
    }

    private static Vector512<float> Mask(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* acc, float* c, Vector512<float> mask, Vector512<float> alpha, Vector512<float> beta, bool readC) =>
        Store(Vector512.Load(acc), c, mask, alpha, beta, readC);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> sum, float* c, Vector512<float> mask, Vector512<float> alpha, Vector512<float> beta, bool readC)
    {
        Vector512<float> result = readC
            ? Vector512.FusedMultiplyAdd(alpha, sum, beta * Avx512F.MaskLoad(c, mask, Vector512<float>.Zero))
            : alpha * sum;
        Avx512F.MaskStore(c, mask, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> LoadB<TMask>(float* b, Vector512<float> mask)
        where TMask : struct, IMaskFlag =>
        TMask.Enabled ? Avx512F.MaskLoad(b, mask, Vector512<float>.Zero) : Vector512.Load(b);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel4x32<TMask>(
        int k, float* a0, float* a1, float* a2, float* a3, nint da, float* b, nint ldb,
        Vector512<float> mask0, Vector512<float> mask1, float* c, nint ldc, int rows, Vector512<float> alpha, Vector512<float> beta, bool readC)
        where TMask : struct, IMaskFlag
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int q = 0; q < k; q++)
        {
            Vector512<float> b0 = LoadB<TMask>(b, mask0);
            Vector512<float> b1 = LoadB<TMask>(b + 16, mask1);
            Vector512<float> x = Vector512.Create(*a0);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(*a1);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(*a2);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(*a3);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            a0 += da;
            a1 += da;
            a2 += da;
            a3 += da;
            b += ldb;
        }

        // Straight from the registers into C: with a short k (a weight gradient over a batch of 10) a round trip
        // through a buffer cost a third as much as the products themselves.
        Store(c00, c, mask0, alpha, beta, readC);
        Store(c01, c + 16, mask1, alpha, beta, readC);
        if (rows > 1)
        {
            Store(c10, c + ldc, mask0, alpha, beta, readC);
            Store(c11, c + ldc + 16, mask1, alpha, beta, readC);
        }

        if (rows > 2)
        {
            Store(c20, c + (2 * ldc), mask0, alpha, beta, readC);
            Store(c21, c + (2 * ldc) + 16, mask1, alpha, beta, readC);
        }

        if (rows > 3)
        {
            Store(c30, c + (3 * ldc), mask0, alpha, beta, readC);
            Store(c31, c + (3 * ldc) + 16, mask1, alpha, beta, readC);
        }
    }

    // One row needs eight independent accumulators to cover the FMA latency.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel1x128<TMask>(int k, float* a, nint da, float* b, nint ldb, int cols, float* acc)
        where TMask : struct, IMaskFlag
    {
        Vector512<float> m0 = Mask(cols), m1 = Mask(cols - 16), m2 = Mask(cols - 32), m3 = Mask(cols - 48);
        Vector512<float> m4 = Mask(cols - 64), m5 = Mask(cols - 80), m6 = Mask(cols - 96), m7 = Mask(cols - 112);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> c4 = default, c5 = default, c6 = default, c7 = default;
        for (int q = 0; q < k; q++)
        {
            Vector512<float> x = Vector512.Create(*a);
            c0 = Vector512.FusedMultiplyAdd(x, LoadB<TMask>(b, m0), c0);
            c1 = Vector512.FusedMultiplyAdd(x, LoadB<TMask>(b + 16, m1), c1);
            c2 = Vector512.FusedMultiplyAdd(x, LoadB<TMask>(b + 32, m2), c2);
            c3 = Vector512.FusedMultiplyAdd(x, LoadB<TMask>(b + 48, m3), c3);
            c4 = Vector512.FusedMultiplyAdd(x, LoadB<TMask>(b + 64, m4), c4);
            c5 = Vector512.FusedMultiplyAdd(x, LoadB<TMask>(b + 80, m5), c5);
            c6 = Vector512.FusedMultiplyAdd(x, LoadB<TMask>(b + 96, m6), c6);
            c7 = Vector512.FusedMultiplyAdd(x, LoadB<TMask>(b + 112, m7), c7);
            a += da;
            b += ldb;
        }

        c0.Store(acc);
        c1.Store(acc + 16);
        c2.Store(acc + 32);
        c3.Store(acc + 48);
        c4.Store(acc + 64);
        c5.Store(acc + 80);
        c6.Store(acc + 96);
        c7.Store(acc + 112);
    }
}

/// <summary>Compile-time switch between masked and plain loads in the direct kernels.</summary>
internal interface IMaskFlag
{
    static abstract bool Enabled { get; }
}

/// <summary>Loads are masked: the panel is narrower than the kernel.</summary>
internal readonly struct Masked : IMaskFlag
{
    public static bool Enabled => true;
}

/// <summary>Loads are plain: the panel is full.</summary>
internal readonly struct NoMask : IMaskFlag
{
    public static bool Enabled => false;
}
