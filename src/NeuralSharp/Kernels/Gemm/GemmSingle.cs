using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralSharp.Kernels;

/// <summary>A register-tile micro-kernel and the cache blocking that feeds it.</summary>
internal unsafe interface IGemmKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Depth of a packed block: a KC x NR micro-panel of B stays in L1 or L2; fixed, since it sets the order of the sums.</summary>
    static abstract int KC { get; }

    /// <summary>Rows of a packed block of A (MC x KC), sized for L2. A multiple of MR.</summary>
    static abstract int MC { get; }

    /// <summary>Columns of a packed panel of B (KC x NC), sized for L3. A multiple of NR.</summary>
    static abstract int NC { get; }

    /// <summary>
    /// C[0..MR, 0..NR] = alpha * (packed A micro-panel x packed B micro-panel) + beta * C; C is
    /// not read when beta is 0.
    /// </summary>
    static abstract void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta);

    /// <summary>
    /// Like <see cref="Run"/> for at least the first <paramref name="rows"/> rows of the tile (C
    /// must have room for MR rows), with the same operations per element, so partial tiles round
    /// exactly like full ones.
    /// </summary>
    static abstract void RunRows(int rows, int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta);
}

/// <summary>The arguments of one single-precision product, with pinned pointers.</summary>
internal readonly unsafe struct SgemmProblem(
    bool transA, bool transB, int m, int n, int k, float alpha,
    float* a, int lda, float* b, int ldb, float beta, float* c, int ldc,
    float* bias = null, GemmActivation activation = GemmActivation.None)
{
    public readonly bool TransA = transA;
    public readonly bool TransB = transB;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly float Alpha = alpha;
    public readonly float* A = a;
    public readonly int Lda = lda;
    public readonly float* B = b;
    public readonly int Ldb = ldb;
    public readonly float Beta = beta;
    public readonly float* C = c;
    public readonly int Ldc = ldc;

    /// <summary>Added to every row of C after the first block of k (beta must be 0); null for none.</summary>
    public readonly float* Bias = bias;

    /// <summary>Applied to C after the last block of k.</summary>
    public readonly GemmActivation Activation = activation;

    /// <summary>True when C gets a bias or an activation after the product (<see cref="GemmEpilogue"/>).</summary>
    public bool HasEpilogue => Bias != null || Activation != GemmActivation.None;
}

/// <summary>
/// Per-thread packing buffers on the pinned object heap: allocated once per thread and grown
/// only when a larger block is needed, so warm calls allocate nothing.
/// </summary>
internal static unsafe class GemmBuffers
{
    [ThreadStatic]
    private static float[]? packA;

    [ThreadStatic]
    private static float[]? packB;

    [ThreadStatic]
    private static double[]? packD;

    public static float* PackA(int length) => Get(ref packA, length);

    public static float* PackB(int length) => Get(ref packB, length);

    public static double* PackD(int length) => Get(ref packD, length);

    private static T* Get<T>(ref T[]? buffer, int length)
        where T : unmanaged
    {
        // 64 spare bytes let the start be aligned to a cache line.
        int padded = length + (64 / sizeof(T));
        if (buffer is null || buffer.Length < padded)
        {
            buffer = GC.AllocateUninitializedArray<T>(padded, pinned: true);
        }

        nint start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (T*)((start + 63) & ~(nint)63);
    }
}

/// <summary>
/// BLIS-style blocked product: B is packed into KC x NC panels of NR-wide micro-panels, A into
/// MC x KC blocks of MR-high micro-panels, and the micro-kernel sweeps the packed block.
/// </summary>
internal static unsafe class SgemmBlocked<TK>
    where TK : struct, IGemmKernel
{
    // Below this many multiply-adds the thread hand-off (microseconds) outweighs the gain.
    private const long ParallelThreshold = 1L << 21;

    public static void Run(in SgemmProblem p)
    {
        int threads = (long)p.M * p.N * p.K < ParallelThreshold ? 1 : Parallelism.ThreadCount;
        var work = new Work(p, threads);
        if (work.Count == 1)
        {
            Compute(in p, 0, p.M, 0, p.N);
        }
        else
        {
            Parallelism.For(work.Count, threads, ref work);
        }
    }

    /// <summary>Computes rows [m0, m1) and columns [n0, n1) of C over the whole of k.</summary>
    private static void Compute(in SgemmProblem p, int m0, int m1, int n0, int n1)
    {
        int mr = TK.MR, nr = TK.NR;
        int kcMax = Math.Min(TK.KC, p.K);
        int ncMax = Math.Min(TK.NC, RoundUp(n1 - n0, nr));
        int mcMax = Math.Min(TK.MC, RoundUp(m1 - m0, mr));
        float* packedA = GemmBuffers.PackA(mcMax * kcMax);
        float* packedB = GemmBuffers.PackB(ncMax * kcMax);
        float* edge = stackalloc float[TK.MR * TK.NR];

        for (int jc = n0; jc < n1; jc += TK.NC)
        {
            int nc = Math.Min(TK.NC, n1 - jc);
            for (int pc = 0; pc < p.K; pc += TK.KC)
            {
                int kc = Math.Min(TK.KC, p.K - pc);
                PackB(in p, pc, kc, jc, nc, packedB);
                Sweep(in p, packedB, pc, kc, jc, nc, m0, m1, packedA, edge);
            }
        }
    }

    /// <summary>
    /// Rows [m0, m1) and columns [jc, jc + nc) of C for one block of k, [pc, pc + kc), from B's packed panel for that
    /// block: packs A block by block and runs the micro-kernel over every tile, then the epilogue (the bias after the
    /// first block of k, the activation after the last). Shared by the path that packs B per block and the one that
    /// packed it once (<see cref="SgemmPacked{TK}"/>), so both compute every tile alike.
    /// </summary>
    internal static void Sweep(in SgemmProblem p, float* bPanels, int pc, int kc, int jc, int nc, int m0, int m1, float* packedA, float* edge)
    {
        int mr = TK.MR, nr = TK.NR;
        nint ldc = p.Ldc;

        // Later k blocks accumulate onto what the first one wrote.
        float beta = pc == 0 ? p.Beta : 1f;
        for (int ic = m0; ic < m1; ic += TK.MC)
        {
            int mc = Math.Min(TK.MC, m1 - ic);
            PackA(in p, ic, mc, pc, kc, packedA);
            for (int jr = 0; jr < nc; jr += nr)
            {
                int nv = Math.Min(nr, nc - jr);
                float* bPanel = bPanels + ((nint)jr * kc);
                for (int ir = 0; ir < mc; ir += mr)
                {
                    int mv = Math.Min(mr, mc - ir);
                    float* aPanel = packedA + ((nint)ir * kc);
                    float* cTile = p.C + ((nint)(ic + ir) * ldc) + jc + jr;
                    if (mv == mr && nv == nr)
                    {
                        TK.Run(kc, aPanel, bPanel, cTile, ldc, p.Alpha, beta);
                    }
                    else
                    {
                        EdgeTile(kc, aPanel, bPanel, cTile, ldc, mv, nv, p.Alpha, beta, edge);
                    }

                    if (p.Bias != null && pc == 0)
                    {
                        GemmEpilogue.AddBias(cTile, ldc, mv, nv, p.Bias + jc + jr);
                    }

                    if (pc + kc == p.K)
                    {
                        GemmEpilogue.Activate(cTile, ldc, mv, nv, p.Activation);
                    }
                }
            }
        }
    }

    // Runs the full kernel on a copy of the partial tile so edge elements round exactly like
    // interior ones.
    private static void EdgeTile(
        int kc, float* aPanel, float* bPanel, float* c, nint ldc, int rows, int cols, float alpha, float beta, float* tile)
    {
        int nr = TK.NR;
        if (beta != 0f)
        {
            for (int r = 0; r < rows; r++)
            {
                new ReadOnlySpan<float>(c + (r * ldc), cols).CopyTo(new Span<float>(tile + (r * nr), cols));
            }
        }

        TK.RunRows(rows, kc, aPanel, bPanel, tile, nr, alpha, beta);
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(tile + (r * nr), cols).CopyTo(new Span<float>(c + (r * ldc), cols));
        }
    }

    /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] as MR-high micro-panels, k-major, zero-padded.</summary>
    private static void PackA(in SgemmProblem p, int ic, int mc, int pc, int kc, float* dst)
    {
        int mr = TK.MR;
        nint lda = p.Lda;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            if (p.TransA)
            {
                // op(A)[i, q] = A[q, i]: each k step is a contiguous run of the stored row.
                float* src = p.A + ((nint)pc * lda) + ic + ir;
                if (rows == mr)
                {
                    for (int q = 0; q < kc; q++)
                    {
                        CopyRun(src, dst, mr);
                        src += lda;
                        dst += mr;
                    }
                }
                else
                {
                    for (int q = 0; q < kc; q++)
                    {
                        new ReadOnlySpan<float>(src, rows).CopyTo(new Span<float>(dst, rows));
                        new Span<float>(dst + rows, mr - rows).Clear();
                        src += lda;
                        dst += mr;
                    }
                }
            }
            else
            {
                Transpose(p.A + ((nint)(ic + ir) * lda) + pc, lda, rows, kc, dst, mr);
                dst += (nint)mr * kc;
            }
        }
    }

    /// <summary>
    /// Writes dst[q * width + r] = src[r * ld + q] for r &lt; rows, q &lt; count, and zero for
    /// rows &lt;= r &lt; width: gathers <paramref name="rows"/> stored rows into k-major order.
    /// </summary>
    private static void Transpose(float* src, nint ld, int rows, int count, float* dst, int width)
    {
        int r0 = 0;
        if (Sse.IsSupported)
        {
            // 4 x 4 blocks: four rows, four steps of k at a time.
            int count4 = count & ~3;
            for (; r0 + 4 <= rows; r0 += 4)
            {
                float* s0 = src + (r0 * ld);
                float* s1 = s0 + ld;
                float* s2 = s1 + ld;
                float* s3 = s2 + ld;
                float* d = dst + r0;
                int q = 0;
                for (; q < count4; q += 4)
                {
                    if ((q & 15) == 0)
                    {
                        Sse.Prefetch0(s0 + (8 * ld) + q);
                        Sse.Prefetch0(s1 + (8 * ld) + q);
                        Sse.Prefetch0(s2 + (8 * ld) + q);
                        Sse.Prefetch0(s3 + (8 * ld) + q);
                    }

                    Vector128<float> x0 = Sse.LoadVector128(s0 + q);
                    Vector128<float> x1 = Sse.LoadVector128(s1 + q);
                    Vector128<float> x2 = Sse.LoadVector128(s2 + q);
                    Vector128<float> x3 = Sse.LoadVector128(s3 + q);
                    Vector128<float> t0 = Sse.UnpackLow(x0, x1);
                    Vector128<float> t1 = Sse.UnpackLow(x2, x3);
                    Vector128<float> t2 = Sse.UnpackHigh(x0, x1);
                    Vector128<float> t3 = Sse.UnpackHigh(x2, x3);
                    Sse.Store(d, Sse.MoveLowToHigh(t0, t1));
                    Sse.Store(d + width, Sse.MoveHighToLow(t1, t0));
                    Sse.Store(d + (2 * width), Sse.MoveLowToHigh(t2, t3));
                    Sse.Store(d + (3 * width), Sse.MoveHighToLow(t3, t2));
                    d += 4 * width;
                }

                for (; q < count; q++)
                {
                    d[0] = s0[q];
                    d[1] = s1[q];
                    d[2] = s2[q];
                    d[3] = s3[q];
                    d += width;
                }
            }
        }

        if (r0 < width)
        {
            float* d = dst;
            for (int q = 0; q < count; q++)
            {
                for (int r = r0; r < width; r++)
                {
                    d[r] = r < rows ? src[(r * ld) + q] : 0f;
                }

                d += width;
            }
        }
    }

    /// <summary>Copies <paramref name="count"/> floats (a multiple of 4 when the vector paths apply).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRun(float* src, float* dst, int count)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16)
            {
                Vector512.Store(Vector512.Load(src + i), dst + i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                Vector256.Store(Vector256.Load(src + i), dst + i);
            }
        }

        for (; i + 4 <= count; i += 4)
        {
            Vector128.Store(Vector128.Load(src + i), dst + i);
        }

        for (; i < count; i++)
        {
            dst[i] = src[i];
        }
    }

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] as NR-wide micro-panels, k-major, zero-padded.</summary>
    private static void PackB(in SgemmProblem p, int pc, int kc, int jc, int nc, float* dst)
    {
        int nr = TK.NR;
        nint ldb = p.Ldb;
        int full = nc / nr * nr;
        if (!p.TransB && full > 0)
        {
            // Stored rows are read whole, one after the other, and dealt out to the micro-panels.
            float* src = p.B + ((nint)pc * ldb) + jc;
            nint panel = (nint)nr * kc;
            for (int q = 0; q < kc; q++)
            {
                float* d = dst + ((nint)q * nr);
                for (int jr = 0; jr < full; jr += nr)
                {
                    CopyRun(src + jr, d, nr);
                    d += panel;
                }

                src += ldb;
            }

            if (full == nc)
            {
                return;
            }

            dst += (nint)full * kc;
            jc += full;
            nc -= full;
        }

        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            if (p.TransB)
            {
                // op(B)[q, j] = B[j, q]: gather NR stored rows, walking them together along k.
                Transpose(p.B + ((nint)(jc + jr) * ldb) + pc, ldb, cols, kc, dst, nr);
                dst += (nint)nr * kc;
            }
            else
            {
                float* src = p.B + ((nint)pc * ldb) + jc + jr;
                if (cols == nr)
                {
                    for (int q = 0; q < kc; q++)
                    {
                        CopyRun(src, dst, nr);
                        src += ldb;
                        dst += nr;
                    }
                }
                else
                {
                    for (int q = 0; q < kc; q++)
                    {
                        new ReadOnlySpan<float>(src, cols).CopyTo(new Span<float>(dst, cols));
                        new Span<float>(dst + cols, nr - cols).Clear();
                        src += ldb;
                        dst += nr;
                    }
                }
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// Splits C into one block of rows (or columns) per thread, on tile boundaries, so each
    /// thread packs its own operands and no thread waits on another.
    /// </summary>
    private struct Work : IParallelWork
    {
        private readonly SgemmProblem problem;
        private readonly bool splitRows;
        private readonly int chunk;

        public Work(in SgemmProblem p, int threads)
        {
            problem = p;
            splitRows = p.M >= p.N;
            int extent = splitRows ? p.M : p.N;
            int tile = splitRows ? TK.MR : TK.NR;
            chunk = RoundUp((extent + threads - 1) / threads, tile);
            Count = (extent + chunk - 1) / chunk;
        }

        public int Count { get; }

        public readonly void Run(int index)
        {
            int start = index * chunk;
            if (splitRows)
            {
                Compute(in problem, start, Math.Min(problem.M, start + chunk), 0, problem.N);
            }
            else
            {
                Compute(in problem, 0, problem.M, start, Math.Min(problem.N, start + chunk));
            }
        }
    }
}
