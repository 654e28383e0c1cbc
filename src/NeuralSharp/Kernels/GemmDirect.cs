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
