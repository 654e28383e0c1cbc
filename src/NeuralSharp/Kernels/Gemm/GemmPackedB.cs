using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>
/// Single-precision products whose right operand is packed once for many calls: a recurrent weight is the right
/// operand of every step of a sequence (h W_hhᵀ forwards, dG W_hh backwards), and <see cref="Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
/// repacks it into its micro-panels at every call.
/// </summary>
/// <remarks>
/// <para>The packed panels hold the same values in the same places as the blocked kernel's own packing, and
/// <see cref="Multiply"/> runs the same micro-kernel over the same blocks of k, so every element goes through the same
/// operations: the result is bit-identical to <c>Gemm.Multiply</c>'s. Where <c>Gemm.Multiply</c> would take its direct
/// (unpacked) path, <see cref="Multiply"/> calls it with the unpacked operand, so that holds for every shape.</para>
/// <para>The work is split over columns of C where there are enough micro-panels (the packed operand is shared, only
/// the small left operand is packed by each thread), else over rows, never along k: the result does not depend on the
/// thread count.</para>
/// </remarks>
internal static unsafe class SgemmPackedB
{
    /// <summary>The number of floats the packed form of op(B) [k, n] takes for this machine's kernel.</summary>
    public static int Length(int n, int k) => Kernel switch
    {
        3 => SgemmPacked<Avx512Kernel>.Length(n, k),
        2 => SgemmPacked<Avx2Kernel>.Length(n, k),
        1 => SgemmPacked<Vector128Kernel>.Length(n, k),
        _ => SgemmPacked<ScalarKernel>.Length(n, k),
    };

    /// <summary>
    /// Packs op(B) [k, n] into <paramref name="packed"/> (at least <see cref="Length"/> floats): B is stored n x k when
    /// <paramref name="transB"/>, else k x n, with row stride <paramref name="ldb"/>.
    /// </summary>
    public static void Pack(bool transB, int n, int k, ReadOnlySpan<float> b, int ldb, Span<float> packed)
    {
        CheckPacked(n, k, packed.Length);
        CheckOperand(transB ? n : k, transB ? k : n, b.Length, ldb);
        if (n == 0 || k == 0)
        {
            return;
        }

        fixed (float* pb = b)
        fixed (float* dst = packed)
        {
            switch (Kernel)
            {
                case 3: SgemmPacked<Avx512Kernel>.Pack(transB, n, k, pb, ldb, dst); break;
                case 2: SgemmPacked<Avx2Kernel>.Pack(transB, n, k, pb, ldb, dst); break;
                case 1: SgemmPacked<Vector128Kernel>.Pack(transB, n, k, pb, ldb, dst); break;
                default: SgemmPacked<ScalarKernel>.Pack(transB, n, k, pb, ldb, dst); break;
            }
        }
    }

    /// <summary>
    /// C[m, n] = alpha op(A) op(B) + beta C with op(B) read from <paramref name="packed"/> (made by <see cref="Pack"/>
    /// from <paramref name="b"/>, which must not have changed since); the arguments mean what they mean to
    /// <c>Gemm.Multiply</c>, whose result this is bit for bit.
    /// </summary>
    public static void Multiply(
        bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, ReadOnlySpan<float> packed,
        float beta, Span<float> c, int ldc)
    {
        // Gemm.Multiply's own cases that never reach the blocked kernel: empty products, and the direct path for small ones.
        if (m == 0 || n == 0 || k == 0 || alpha == 0f || SgemmDirectSplit.Choose(transA, transB, m, n, k) != SgemmDirectRoute.None)
        {
            Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }

        CheckPacked(n, k, packed.Length);
        CheckOperand(transA ? k : m, transA ? m : k, a.Length, lda);
        CheckOperand(m, n, c.Length, ldc);
        fixed (float* pa = a)
        fixed (float* pp = packed)
        fixed (float* pc = c)
        {
            // B's pointer is never read on this path: the packed panels stand for it.
            var p = new SgemmProblem(transA, false, m, n, k, alpha, pa, lda, null, n, beta, pc, ldc);
            switch (Kernel)
            {
                case 3: SgemmPacked<Avx512Kernel>.Run(in p, pp); break;
                case 2: SgemmPacked<Avx2Kernel>.Run(in p, pp); break;
                case 1: SgemmPacked<Vector128Kernel>.Run(in p, pp); break;
                default: SgemmPacked<ScalarKernel>.Run(in p, pp); break;
            }
        }
    }

    /// <summary>
    /// True when <see cref="Multiply"/> runs this shape (alpha 1) on the blocked kernel over the packed panels, whose rows of C
    /// are each computed alike wherever a block of rows starts, so that <see cref="MultiplyRows"/> may compute any rows
    /// apart; false for the empty and the direct (small) products.
    /// </summary>
    public static bool RowsAreSeparable(bool transA, bool transB, int m, int n, int k) =>
        m > 0 && n > 0 && k > 0 && SgemmDirectSplit.Choose(transA, transB, m, n, k) == SgemmDirectRoute.None;

    /// <summary>
    /// Rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of the product of <see cref="Multiply"/> (alpha 1, beta 0),
    /// on the calling thread only; the arguments are Multiply's, for the whole of C. Bit-identical to those rows of Multiply's
    /// result where <see cref="RowsAreSeparable"/> (the only shapes it takes): each element is the same chain of fused
    /// multiply-adds over k whatever rows are computed with it. A recurrence splits its batch this way, each thread
    /// running its own rows through every step without a join.
    /// </summary>
    public static void MultiplyRows(
        bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> packed, Span<float> c, int ldc, int rowStart, int rowEnd)
    {
        if (!RowsAreSeparable(transA, transB, m, n, k))
        {
            throw new ArgumentException($"packed Gemm: the rows of a {m} x {k} x {n} product are not computed apart (it takes the direct path).");
        }

        if (rowStart < 0 || rowEnd > m || rowStart > rowEnd)
        {
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"packed Gemm: rows [{rowStart}, {rowEnd}) are not rows of a product of {m}.");
        }

        CheckPacked(n, k, packed.Length);
        CheckOperand(transA ? k : m, transA ? m : k, a.Length, lda);
        CheckOperand(m, n, c.Length, ldc);
        if (rowStart == rowEnd)
        {
            return;
        }

        fixed (float* pa = a)
        fixed (float* pp = packed)
        fixed (float* pc = c)
        {
            var p = new SgemmProblem(transA, false, m, n, k, 1f, pa, lda, null, n, 0f, pc, ldc);
            switch (Kernel)
            {
                case 3: SgemmPacked<Avx512Kernel>.RunRows(in p, pp, rowStart, rowEnd); break;
                case 2: SgemmPacked<Avx2Kernel>.RunRows(in p, pp, rowStart, rowEnd); break;
                case 1: SgemmPacked<Vector128Kernel>.RunRows(in p, pp, rowStart, rowEnd); break;
                default: SgemmPacked<ScalarKernel>.RunRows(in p, pp, rowStart, rowEnd); break;
            }
        }
    }

    /// <summary>The blocked kernel <c>Gemm.Multiply</c> picks, in its order: 3 AVX-512, 2 AVX2 with FMA, 1 Vector128, 0 scalar.</summary>
    private static int Kernel =>
        Vector512.IsHardwareAccelerated ? 3 : Vector256.IsHardwareAccelerated && Fma.IsSupported ? 2 : Vector128.IsHardwareAccelerated ? 1 : 0;

    private static void CheckPacked(int n, int k, int length)
    {
        if (n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(n < 0 ? nameof(n) : nameof(k), $"packed Gemm sizes must be non-negative, got n = {n}, k = {k}.");
        }

        if (length < Length(n, k))
        {
            throw new ArgumentException($"a packed {k} x {n} operand needs {Length(n, k)} floats but its span has {length}.", "packed");
        }
    }

    private static void CheckOperand(int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols) || (rows > 0 && cols > 0 && length < ((long)(rows - 1) * ld) + cols))
        {
            throw new ArgumentException($"packed Gemm: an operand of {rows} x {cols} with row stride {ld} does not fit its span of {length}.");
        }
    }
}

/// <summary>The packing and the product of <see cref="SgemmPackedB"/> for one micro-kernel.</summary>
/// <remarks>
/// Layout: for each block of k (KC deep, as the blocked kernel cuts k) every NR-wide micro-panel of op(B) in turn, k-major
/// and zero-padded to NR columns, exactly as <c>SgemmBlocked.PackB</c> lays out a panel; the block of k starting at pc
/// starts at pc * RoundUp(n, NR), and within it the micro-panel of columns j at j * kc, wherever a thread's range of
/// columns or the NC blocking begins.
/// </remarks>
internal static unsafe class SgemmPacked<TK>
    where TK : struct, IGemmKernel
{
    // As SgemmBlocked: below this many multiply-adds the thread hand-off outweighs the gain.
    private const long ParallelThreshold = 1L << 21;

    public static int Length(int n, int k) => RoundUp(n, TK.NR) * k;

    public static void Pack(bool transB, int n, int k, float* b, nint ldb, float* dst)
    {
        int nr = TK.NR;
        int width = RoundUp(n, nr);
        for (int pc = 0; pc < k; pc += TK.KC)
        {
            int kc = Math.Min(TK.KC, k - pc);
            for (int j0 = 0; j0 < n; j0 += nr)
            {
                int cols = Math.Min(nr, n - j0);
                float* d = dst + ((nint)pc * width) + ((nint)j0 * kc);
                if (transB)
                {
                    // op(B)[q, j] = B[j, q]: each stored row is one column of the micro-panel.
                    for (int col = 0; col < nr; col++)
                    {
                        float* src = b + ((nint)(j0 + col) * ldb) + pc;
                        for (int q = 0; q < kc; q++)
                        {
                            d[((nint)q * nr) + col] = col < cols ? src[q] : 0f;
                        }
                    }
                }
                else
                {
                    for (int q = 0; q < kc; q++)
                    {
                        float* src = b + ((nint)(pc + q) * ldb) + j0;
                        new ReadOnlySpan<float>(src, cols).CopyTo(new Span<float>(d + ((nint)q * nr), cols));
                        new Span<float>(d + ((nint)q * nr) + cols, nr - cols).Clear();
                    }
                }
            }
        }
    }

    public static void Run(in SgemmProblem p, float* packed)
    {
        int threads = (long)p.M * p.N * p.K < ParallelThreshold ? 1 : Parallelism.ThreadCount;
        var work = new Work(p, packed, threads);
        if (work.Count == 1)
        {
            Compute(in p, packed, 0, p.M, 0, p.N);
        }
        else
        {
            Parallelism.For(work.Count, threads, ref work);
        }
    }

    /// <summary>Rows [m0, m1) of C on the calling thread.</summary>
    public static void RunRows(in SgemmProblem p, float* packed, int m0, int m1) => Compute(in p, packed, m0, m1, 0, p.N);

    /// <summary>Rows [m0, m1) and columns [n0, n1) (n0 a multiple of NR) of C, with the same sweep as SgemmBlocked.</summary>
    private static void Compute(in SgemmProblem p, float* packed, int m0, int m1, int n0, int n1)
    {
        int mr = TK.MR, nr = TK.NR;
        int kcMax = Math.Min(TK.KC, p.K);
        int mcMax = Math.Min(TK.MC, RoundUp(m1 - m0, mr));
        float* packedA = GemmBuffers.PackA(mcMax * kcMax);
        float* edge = stackalloc float[TK.MR * TK.NR];
        nint width = RoundUp(p.N, nr);

        for (int jc = n0; jc < n1; jc += TK.NC)
        {
            int nc = Math.Min(TK.NC, n1 - jc);
            for (int pc = 0; pc < p.K; pc += TK.KC)
            {
                int kc = Math.Min(TK.KC, p.K - pc);
                float* panel = packed + (pc * width) + ((nint)jc * kc);
                SgemmBlocked<TK>.Sweep(in p, panel, pc, kc, jc, nc, m0, m1, packedA, edge);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>One block of columns per thread (on micro-panel boundaries) when there are enough, else one block of rows.</summary>
    private readonly struct Work : IParallelWork
    {
        private readonly SgemmProblem problem;
        private readonly float* packed;
        private readonly bool splitRows;
        private readonly int chunk;

        public Work(in SgemmProblem p, float* packed, int threads)
        {
            problem = p;
            this.packed = packed;
            splitRows = RoundUp(p.N, TK.NR) / TK.NR < threads;
            int extent = splitRows ? p.M : p.N;
            int tile = splitRows ? TK.MR : TK.NR;
            chunk = RoundUp((extent + threads - 1) / threads, tile);
            Count = (extent + chunk - 1) / chunk;
        }

        public int Count { get; }

        public void Run(int index)
        {
            int start = index * chunk;
            if (splitRows)
            {
                Compute(in problem, packed, start, Math.Min(problem.M, start + chunk), 0, problem.N);
            }
            else
            {
                Compute(in problem, packed, 0, problem.M, start, Math.Min(problem.N, start + chunk));
            }
        }
    }
}
