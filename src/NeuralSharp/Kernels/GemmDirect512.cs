using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// AVX-512 variant of <see cref="SgemmDirect"/> for an untransposed B: the ragged last columns
/// are read with masked loads, so nothing at all is copied.
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

        float* acc = stackalloc float[Math.Max(WideWidth, Rows * Width)];
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
                if (cols == Width)
                {
                    Kernel4x32<NoMask>(p.K, a0, a1, a2, a3, depthStrideA, p.B + j0, ldb, mask0, mask1, acc);
                }
                else
                {
                    Kernel4x32<Masked>(p.K, a0, a1, a2, a3, depthStrideA, p.B + j0, ldb, mask0, mask1, acc);
                }

                for (int r = 0; r < rows; r++)
                {
                    float* c = p.C + ((i0 + r) * ldc) + j0;
                    StoreRow(acc + (r * Width), c, mask0, alpha, beta, readC);
                    if (cols > 16)
                    {
                        StoreRow(acc + (r * Width) + 16, c + 16, mask1, alpha, beta, readC);
                    }
                }
            }
        }
    }

    private static Vector512<float> Mask(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* acc, float* c, Vector512<float> mask, Vector512<float> alpha, Vector512<float> beta, bool readC)
    {
        Vector512<float> sum = Vector512.Load(acc);
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
        Vector512<float> mask0, Vector512<float> mask1, float* acc)
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

        c00.Store(acc);
        c01.Store(acc + 16);
        c10.Store(acc + 32);
        c11.Store(acc + 48);
        c20.Store(acc + 64);
        c21.Store(acc + 80);
        c30.Store(acc + 96);
        c31.Store(acc + 112);
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
