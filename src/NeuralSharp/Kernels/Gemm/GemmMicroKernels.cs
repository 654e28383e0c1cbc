using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

// Register-tile micro-kernels, unrolled by hand (no arrays, no loops over the tile) so the JIT
// keeps every accumulator in a register; keep the variants in step when changing one. Edge tiles
// run the same kernel on a padded copy of C, so they round exactly like full tiles whatever the
// kernel fuses.

/// <summary>12 x 32 tile for 512-bit vectors: 24 accumulators, 2 B vectors and a broadcast fit the 32 registers.</summary>
internal readonly unsafe struct Avx512Kernel : IGemmKernel
{
    public static int MR => 12;

    public static int NR => 32;

    // Measured on Zen 4 (1 MiB L2): a deep block (KC = 1024, so C is read back at most once per
    // 1024 steps of k; the 128 KiB B micro-panel streams from L2) with a 480 KiB block of A beat
    // KC = 256-512 with an L1-sized B micro-panel by 4-8% at 1024^3.
    public static int KC => 1024;

    public static int MC => 120;

    public static int NC => 2048;

    /// <summary>Runs groups of 4 rows (a 4 x 32 tile each) until <paramref name="rows"/> are covered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRows(int rows, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        for (int r0 = 0; r0 < rows; r0 += 4)
        {
            Run4(kc, a + r0, b, c + (r0 * ldc), ldc, alpha, beta);
        }
    }

    private static void Run4(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default;
        Vector512<float> c2_0 = default; Vector512<float> c2_1 = default;
        Vector512<float> c3_0 = default; Vector512<float> c3_1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            a += 12;
            b += 32;
        }

        Vector512<float> va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            (va * c0_0).Store(c + 0 * ldc + 0);
            (va * c0_1).Store(c + 0 * ldc + 16);
            (va * c1_0).Store(c + 1 * ldc + 0);
            (va * c1_1).Store(c + 1 * ldc + 16);
            (va * c2_0).Store(c + 2 * ldc + 0);
            (va * c2_1).Store(c + 2 * ldc + 16);
            (va * c3_0).Store(c + 3 * ldc + 0);
            (va * c3_1).Store(c + 3 * ldc + 16);
        }
        else
        {
            Vector512<float> vb = Vector512.Create(beta);
            Vector512.FusedMultiplyAdd(va, c0_0, vb * Vector512.Load(c + 0 * ldc + 0)).Store(c + 0 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c0_1, vb * Vector512.Load(c + 0 * ldc + 16)).Store(c + 0 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c1_0, vb * Vector512.Load(c + 1 * ldc + 0)).Store(c + 1 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c1_1, vb * Vector512.Load(c + 1 * ldc + 16)).Store(c + 1 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c2_0, vb * Vector512.Load(c + 2 * ldc + 0)).Store(c + 2 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c2_1, vb * Vector512.Load(c + 2 * ldc + 16)).Store(c + 2 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c3_0, vb * Vector512.Load(c + 3 * ldc + 0)).Store(c + 3 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c3_1, vb * Vector512.Load(c + 3 * ldc + 16)).Store(c + 3 * ldc + 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector512<float> c0_0 = default; Vector512<float> c0_1 = default;
        Vector512<float> c1_0 = default; Vector512<float> c1_1 = default;
        Vector512<float> c2_0 = default; Vector512<float> c2_1 = default;
        Vector512<float> c3_0 = default; Vector512<float> c3_1 = default;
        Vector512<float> c4_0 = default; Vector512<float> c4_1 = default;
        Vector512<float> c5_0 = default; Vector512<float> c5_1 = default;
        Vector512<float> c6_0 = default; Vector512<float> c6_1 = default;
        Vector512<float> c7_0 = default; Vector512<float> c7_1 = default;
        Vector512<float> c8_0 = default; Vector512<float> c8_1 = default;
        Vector512<float> c9_0 = default; Vector512<float> c9_1 = default;
        Vector512<float> c10_0 = default; Vector512<float> c10_1 = default;
        Vector512<float> c11_0 = default; Vector512<float> c11_1 = default;

        // Rows of C are far apart (often a multiple of 4 KiB), so they tend to miss; fetching
        // them now overlaps the misses with the k loop instead of stalling the epilogue.
        if (Sse.IsSupported)
        {
            Sse.Prefetch1(c + (0 * ldc));
            Sse.Prefetch1(c + (0 * ldc) + 31);
            Sse.Prefetch1(c + (1 * ldc));
            Sse.Prefetch1(c + (1 * ldc) + 31);
            Sse.Prefetch1(c + (2 * ldc));
            Sse.Prefetch1(c + (2 * ldc) + 31);
            Sse.Prefetch1(c + (3 * ldc));
            Sse.Prefetch1(c + (3 * ldc) + 31);
            Sse.Prefetch1(c + (4 * ldc));
            Sse.Prefetch1(c + (4 * ldc) + 31);
            Sse.Prefetch1(c + (5 * ldc));
            Sse.Prefetch1(c + (5 * ldc) + 31);
            Sse.Prefetch1(c + (6 * ldc));
            Sse.Prefetch1(c + (6 * ldc) + 31);
            Sse.Prefetch1(c + (7 * ldc));
            Sse.Prefetch1(c + (7 * ldc) + 31);
            Sse.Prefetch1(c + (8 * ldc));
            Sse.Prefetch1(c + (8 * ldc) + 31);
            Sse.Prefetch1(c + (9 * ldc));
            Sse.Prefetch1(c + (9 * ldc) + 31);
            Sse.Prefetch1(c + (10 * ldc));
            Sse.Prefetch1(c + (10 * ldc) + 31);
            Sse.Prefetch1(c + (11 * ldc));
            Sse.Prefetch1(c + (11 * ldc) + 31);
        }

        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c0_0 = Vector512.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector512.FusedMultiplyAdd(a0, b1, c0_1);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c1_0 = Vector512.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector512.FusedMultiplyAdd(a1, b1, c1_1);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c2_0 = Vector512.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector512.FusedMultiplyAdd(a2, b1, c2_1);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c3_0 = Vector512.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector512.FusedMultiplyAdd(a3, b1, c3_1);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c4_0 = Vector512.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector512.FusedMultiplyAdd(a4, b1, c4_1);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c5_0 = Vector512.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector512.FusedMultiplyAdd(a5, b1, c5_1);
            Vector512<float> a6 = Vector512.Create(a[6]);
            c6_0 = Vector512.FusedMultiplyAdd(a6, b0, c6_0);
            c6_1 = Vector512.FusedMultiplyAdd(a6, b1, c6_1);
            Vector512<float> a7 = Vector512.Create(a[7]);
            c7_0 = Vector512.FusedMultiplyAdd(a7, b0, c7_0);
            c7_1 = Vector512.FusedMultiplyAdd(a7, b1, c7_1);
            Vector512<float> a8 = Vector512.Create(a[8]);
            c8_0 = Vector512.FusedMultiplyAdd(a8, b0, c8_0);
            c8_1 = Vector512.FusedMultiplyAdd(a8, b1, c8_1);
            Vector512<float> a9 = Vector512.Create(a[9]);
            c9_0 = Vector512.FusedMultiplyAdd(a9, b0, c9_0);
            c9_1 = Vector512.FusedMultiplyAdd(a9, b1, c9_1);
            Vector512<float> a10 = Vector512.Create(a[10]);
            c10_0 = Vector512.FusedMultiplyAdd(a10, b0, c10_0);
            c10_1 = Vector512.FusedMultiplyAdd(a10, b1, c10_1);
            Vector512<float> a11 = Vector512.Create(a[11]);
            c11_0 = Vector512.FusedMultiplyAdd(a11, b0, c11_0);
            c11_1 = Vector512.FusedMultiplyAdd(a11, b1, c11_1);
            a += 12;
            b += 32;
        }

        Vector512<float> va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            (va * c0_0).Store(c + 0 * ldc + 0);
            (va * c0_1).Store(c + 0 * ldc + 16);
            (va * c1_0).Store(c + 1 * ldc + 0);
            (va * c1_1).Store(c + 1 * ldc + 16);
            (va * c2_0).Store(c + 2 * ldc + 0);
            (va * c2_1).Store(c + 2 * ldc + 16);
            (va * c3_0).Store(c + 3 * ldc + 0);
            (va * c3_1).Store(c + 3 * ldc + 16);
            (va * c4_0).Store(c + 4 * ldc + 0);
            (va * c4_1).Store(c + 4 * ldc + 16);
            (va * c5_0).Store(c + 5 * ldc + 0);
            (va * c5_1).Store(c + 5 * ldc + 16);
            (va * c6_0).Store(c + 6 * ldc + 0);
            (va * c6_1).Store(c + 6 * ldc + 16);
            (va * c7_0).Store(c + 7 * ldc + 0);
            (va * c7_1).Store(c + 7 * ldc + 16);
            (va * c8_0).Store(c + 8 * ldc + 0);
            (va * c8_1).Store(c + 8 * ldc + 16);
            (va * c9_0).Store(c + 9 * ldc + 0);
            (va * c9_1).Store(c + 9 * ldc + 16);
            (va * c10_0).Store(c + 10 * ldc + 0);
            (va * c10_1).Store(c + 10 * ldc + 16);
            (va * c11_0).Store(c + 11 * ldc + 0);
            (va * c11_1).Store(c + 11 * ldc + 16);
        }
        else
        {
            Vector512<float> vb = Vector512.Create(beta);
            Vector512.FusedMultiplyAdd(va, c0_0, vb * Vector512.Load(c + 0 * ldc + 0)).Store(c + 0 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c0_1, vb * Vector512.Load(c + 0 * ldc + 16)).Store(c + 0 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c1_0, vb * Vector512.Load(c + 1 * ldc + 0)).Store(c + 1 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c1_1, vb * Vector512.Load(c + 1 * ldc + 16)).Store(c + 1 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c2_0, vb * Vector512.Load(c + 2 * ldc + 0)).Store(c + 2 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c2_1, vb * Vector512.Load(c + 2 * ldc + 16)).Store(c + 2 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c3_0, vb * Vector512.Load(c + 3 * ldc + 0)).Store(c + 3 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c3_1, vb * Vector512.Load(c + 3 * ldc + 16)).Store(c + 3 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c4_0, vb * Vector512.Load(c + 4 * ldc + 0)).Store(c + 4 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c4_1, vb * Vector512.Load(c + 4 * ldc + 16)).Store(c + 4 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c5_0, vb * Vector512.Load(c + 5 * ldc + 0)).Store(c + 5 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c5_1, vb * Vector512.Load(c + 5 * ldc + 16)).Store(c + 5 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c6_0, vb * Vector512.Load(c + 6 * ldc + 0)).Store(c + 6 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c6_1, vb * Vector512.Load(c + 6 * ldc + 16)).Store(c + 6 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c7_0, vb * Vector512.Load(c + 7 * ldc + 0)).Store(c + 7 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c7_1, vb * Vector512.Load(c + 7 * ldc + 16)).Store(c + 7 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c8_0, vb * Vector512.Load(c + 8 * ldc + 0)).Store(c + 8 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c8_1, vb * Vector512.Load(c + 8 * ldc + 16)).Store(c + 8 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c9_0, vb * Vector512.Load(c + 9 * ldc + 0)).Store(c + 9 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c9_1, vb * Vector512.Load(c + 9 * ldc + 16)).Store(c + 9 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c10_0, vb * Vector512.Load(c + 10 * ldc + 0)).Store(c + 10 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c10_1, vb * Vector512.Load(c + 10 * ldc + 16)).Store(c + 10 * ldc + 16);
            Vector512.FusedMultiplyAdd(va, c11_0, vb * Vector512.Load(c + 11 * ldc + 0)).Store(c + 11 * ldc + 0);
            Vector512.FusedMultiplyAdd(va, c11_1, vb * Vector512.Load(c + 11 * ldc + 16)).Store(c + 11 * ldc + 16);
        }
    }
}

/// <summary>6 x 16 tile for AVX2 + FMA: 12 accumulators, 2 B vectors and a broadcast fit the 16 ymm registers.</summary>
internal readonly unsafe struct Avx2Kernel : IGemmKernel
{
    public static int MR => 6;

    public static int NR => 16;

    // Measured on Zen 4 with AVX-512 off (1 MiB L2), 2026-12-04, five interleaved runs at one thread: a deep block
    // (KC = 1024, a 64 KiB B micro-panel streamed from L2, C read back at most once per 1024 steps of k) with a
    // 192 KiB block of A averaged 91-93 GFLOP/s at 1024^3, 128x784x512 and 256^3, against 79-87 for BLIS's Zen
    // blocking (KC = 256, MC = 144) and 81-89 for KC = 512, MC = 144.
    public static int KC => 1024;

    public static int MC => 48;

    public static int NC => 2048;

    public static void RunRows(int rows, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta) =>
        Run(kc, a, b, c, ldc, alpha, beta);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector256<float> c0_0 = default; Vector256<float> c0_1 = default;
        Vector256<float> c1_0 = default; Vector256<float> c1_1 = default;
        Vector256<float> c2_0 = default; Vector256<float> c2_1 = default;
        Vector256<float> c3_0 = default; Vector256<float> c3_1 = default;
        Vector256<float> c4_0 = default; Vector256<float> c4_1 = default;
        Vector256<float> c5_0 = default; Vector256<float> c5_1 = default;

        // Rows of C are far apart (often a multiple of 4 KiB), so they tend to miss; fetching
        // them now overlaps the misses with the k loop instead of stalling the epilogue.
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(c + (0 * ldc));
            Sse.Prefetch0(c + (0 * ldc) + 15);
            Sse.Prefetch0(c + (1 * ldc));
            Sse.Prefetch0(c + (1 * ldc) + 15);
            Sse.Prefetch0(c + (2 * ldc));
            Sse.Prefetch0(c + (2 * ldc) + 15);
            Sse.Prefetch0(c + (3 * ldc));
            Sse.Prefetch0(c + (3 * ldc) + 15);
            Sse.Prefetch0(c + (4 * ldc));
            Sse.Prefetch0(c + (4 * ldc) + 15);
            Sse.Prefetch0(c + (5 * ldc));
            Sse.Prefetch0(c + (5 * ldc) + 15);
        }

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c0_0 = Vector256.FusedMultiplyAdd(a0, b0, c0_0);
            c0_1 = Vector256.FusedMultiplyAdd(a0, b1, c0_1);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c1_0 = Vector256.FusedMultiplyAdd(a1, b0, c1_0);
            c1_1 = Vector256.FusedMultiplyAdd(a1, b1, c1_1);
            Vector256<float> a2 = Vector256.Create(a[2]);
            c2_0 = Vector256.FusedMultiplyAdd(a2, b0, c2_0);
            c2_1 = Vector256.FusedMultiplyAdd(a2, b1, c2_1);
            Vector256<float> a3 = Vector256.Create(a[3]);
            c3_0 = Vector256.FusedMultiplyAdd(a3, b0, c3_0);
            c3_1 = Vector256.FusedMultiplyAdd(a3, b1, c3_1);
            Vector256<float> a4 = Vector256.Create(a[4]);
            c4_0 = Vector256.FusedMultiplyAdd(a4, b0, c4_0);
            c4_1 = Vector256.FusedMultiplyAdd(a4, b1, c4_1);
            Vector256<float> a5 = Vector256.Create(a[5]);
            c5_0 = Vector256.FusedMultiplyAdd(a5, b0, c5_0);
            c5_1 = Vector256.FusedMultiplyAdd(a5, b1, c5_1);
            a += 6;
            b += 16;
        }

        Vector256<float> va = Vector256.Create(alpha);
        if (beta == 0f)
        {
            (va * c0_0).Store(c + 0 * ldc + 0);
            (va * c0_1).Store(c + 0 * ldc + 8);
            (va * c1_0).Store(c + 1 * ldc + 0);
            (va * c1_1).Store(c + 1 * ldc + 8);
            (va * c2_0).Store(c + 2 * ldc + 0);
            (va * c2_1).Store(c + 2 * ldc + 8);
            (va * c3_0).Store(c + 3 * ldc + 0);
            (va * c3_1).Store(c + 3 * ldc + 8);
            (va * c4_0).Store(c + 4 * ldc + 0);
            (va * c4_1).Store(c + 4 * ldc + 8);
            (va * c5_0).Store(c + 5 * ldc + 0);
            (va * c5_1).Store(c + 5 * ldc + 8);
        }
        else
        {
            Vector256<float> vb = Vector256.Create(beta);
            Vector256.FusedMultiplyAdd(va, c0_0, vb * Vector256.Load(c + 0 * ldc + 0)).Store(c + 0 * ldc + 0);
            Vector256.FusedMultiplyAdd(va, c0_1, vb * Vector256.Load(c + 0 * ldc + 8)).Store(c + 0 * ldc + 8);
            Vector256.FusedMultiplyAdd(va, c1_0, vb * Vector256.Load(c + 1 * ldc + 0)).Store(c + 1 * ldc + 0);
            Vector256.FusedMultiplyAdd(va, c1_1, vb * Vector256.Load(c + 1 * ldc + 8)).Store(c + 1 * ldc + 8);
            Vector256.FusedMultiplyAdd(va, c2_0, vb * Vector256.Load(c + 2 * ldc + 0)).Store(c + 2 * ldc + 0);
            Vector256.FusedMultiplyAdd(va, c2_1, vb * Vector256.Load(c + 2 * ldc + 8)).Store(c + 2 * ldc + 8);
            Vector256.FusedMultiplyAdd(va, c3_0, vb * Vector256.Load(c + 3 * ldc + 0)).Store(c + 3 * ldc + 0);
            Vector256.FusedMultiplyAdd(va, c3_1, vb * Vector256.Load(c + 3 * ldc + 8)).Store(c + 3 * ldc + 8);
            Vector256.FusedMultiplyAdd(va, c4_0, vb * Vector256.Load(c + 4 * ldc + 0)).Store(c + 4 * ldc + 0);
            Vector256.FusedMultiplyAdd(va, c4_1, vb * Vector256.Load(c + 4 * ldc + 8)).Store(c + 4 * ldc + 8);
            Vector256.FusedMultiplyAdd(va, c5_0, vb * Vector256.Load(c + 5 * ldc + 0)).Store(c + 5 * ldc + 0);
            Vector256.FusedMultiplyAdd(va, c5_1, vb * Vector256.Load(c + 5 * ldc + 8)).Store(c + 5 * ldc + 8);
        }
    }
}

/// <summary>6 x 8 tile for 128-bit vectors (AdvSimd, SSE); fuses where the hardware can.</summary>
internal readonly unsafe struct Vector128Kernel : IGemmKernel
{
    public static int MR => 6;

    public static int NR => 8;

    public static int KC => 256;

    public static int MC => 120;

    public static int NC => 1024;

    public static void RunRows(int rows, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta) =>
        Run(kc, a, b, c, ldc, alpha, beta);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        Vector128<float> c0_0 = default; Vector128<float> c0_1 = default;
        Vector128<float> c1_0 = default; Vector128<float> c1_1 = default;
        Vector128<float> c2_0 = default; Vector128<float> c2_1 = default;
        Vector128<float> c3_0 = default; Vector128<float> c3_1 = default;
        Vector128<float> c4_0 = default; Vector128<float> c4_1 = default;
        Vector128<float> c5_0 = default; Vector128<float> c5_1 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b + 0);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> a0 = Vector128.Create(a[0]);
            c0_0 = Vector128.MultiplyAddEstimate(a0, b0, c0_0);
            c0_1 = Vector128.MultiplyAddEstimate(a0, b1, c0_1);
            Vector128<float> a1 = Vector128.Create(a[1]);
            c1_0 = Vector128.MultiplyAddEstimate(a1, b0, c1_0);
            c1_1 = Vector128.MultiplyAddEstimate(a1, b1, c1_1);
            Vector128<float> a2 = Vector128.Create(a[2]);
            c2_0 = Vector128.MultiplyAddEstimate(a2, b0, c2_0);
            c2_1 = Vector128.MultiplyAddEstimate(a2, b1, c2_1);
            Vector128<float> a3 = Vector128.Create(a[3]);
            c3_0 = Vector128.MultiplyAddEstimate(a3, b0, c3_0);
            c3_1 = Vector128.MultiplyAddEstimate(a3, b1, c3_1);
            Vector128<float> a4 = Vector128.Create(a[4]);
            c4_0 = Vector128.MultiplyAddEstimate(a4, b0, c4_0);
            c4_1 = Vector128.MultiplyAddEstimate(a4, b1, c4_1);
            Vector128<float> a5 = Vector128.Create(a[5]);
            c5_0 = Vector128.MultiplyAddEstimate(a5, b0, c5_0);
            c5_1 = Vector128.MultiplyAddEstimate(a5, b1, c5_1);
            a += 6;
            b += 8;
        }

        Vector128<float> va = Vector128.Create(alpha);
        if (beta == 0f)
        {
            (va * c0_0).Store(c + 0 * ldc + 0);
            (va * c0_1).Store(c + 0 * ldc + 4);
            (va * c1_0).Store(c + 1 * ldc + 0);
            (va * c1_1).Store(c + 1 * ldc + 4);
            (va * c2_0).Store(c + 2 * ldc + 0);
            (va * c2_1).Store(c + 2 * ldc + 4);
            (va * c3_0).Store(c + 3 * ldc + 0);
            (va * c3_1).Store(c + 3 * ldc + 4);
            (va * c4_0).Store(c + 4 * ldc + 0);
            (va * c4_1).Store(c + 4 * ldc + 4);
            (va * c5_0).Store(c + 5 * ldc + 0);
            (va * c5_1).Store(c + 5 * ldc + 4);
        }
        else
        {
            Vector128<float> vb = Vector128.Create(beta);
            Vector128.MultiplyAddEstimate(va, c0_0, vb * Vector128.Load(c + 0 * ldc + 0)).Store(c + 0 * ldc + 0);
            Vector128.MultiplyAddEstimate(va, c0_1, vb * Vector128.Load(c + 0 * ldc + 4)).Store(c + 0 * ldc + 4);
            Vector128.MultiplyAddEstimate(va, c1_0, vb * Vector128.Load(c + 1 * ldc + 0)).Store(c + 1 * ldc + 0);
            Vector128.MultiplyAddEstimate(va, c1_1, vb * Vector128.Load(c + 1 * ldc + 4)).Store(c + 1 * ldc + 4);
            Vector128.MultiplyAddEstimate(va, c2_0, vb * Vector128.Load(c + 2 * ldc + 0)).Store(c + 2 * ldc + 0);
            Vector128.MultiplyAddEstimate(va, c2_1, vb * Vector128.Load(c + 2 * ldc + 4)).Store(c + 2 * ldc + 4);
            Vector128.MultiplyAddEstimate(va, c3_0, vb * Vector128.Load(c + 3 * ldc + 0)).Store(c + 3 * ldc + 0);
            Vector128.MultiplyAddEstimate(va, c3_1, vb * Vector128.Load(c + 3 * ldc + 4)).Store(c + 3 * ldc + 4);
            Vector128.MultiplyAddEstimate(va, c4_0, vb * Vector128.Load(c + 4 * ldc + 0)).Store(c + 4 * ldc + 0);
            Vector128.MultiplyAddEstimate(va, c4_1, vb * Vector128.Load(c + 4 * ldc + 4)).Store(c + 4 * ldc + 4);
            Vector128.MultiplyAddEstimate(va, c5_0, vb * Vector128.Load(c + 5 * ldc + 0)).Store(c + 5 * ldc + 0);
            Vector128.MultiplyAddEstimate(va, c5_1, vb * Vector128.Load(c + 5 * ldc + 4)).Store(c + 5 * ldc + 4);
        }
    }
}

/// <summary>4 x 4 scalar tile for hardware without usable SIMD.</summary>
internal readonly unsafe struct ScalarKernel : IGemmKernel
{
    public static int MR => 4;

    public static int NR => 4;

    public static int KC => 256;

    public static int MC => 64;

    public static int NC => 512;

    public static void RunRows(int rows, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta) =>
        Run(kc, a, b, c, ldc, alpha, beta);

    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        float* acc = stackalloc float[16];
        for (int t = 0; t < 16; t++)
        {
            acc[t] = 0f;
        }

        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < 4; r++)
            {
                float ar = a[r];
                acc[(r * 4) + 0] += ar * b[0];
                acc[(r * 4) + 1] += ar * b[1];
                acc[(r * 4) + 2] += ar * b[2];
                acc[(r * 4) + 3] += ar * b[3];
            }

            a += 4;
            b += 4;
        }

        for (int r = 0; r < 4; r++)
        {
            for (int j = 0; j < 4; j++)
            {
                float* cij = c + (r * ldc) + j;
                *cij = beta == 0f ? alpha * acc[(r * 4) + j] : (alpha * acc[(r * 4) + j]) + (beta * *cij);
            }
        }
    }
}
