namespace NeuralSharp.Kernels;

/// <summary>Which direct (unpacked) routine computes a small product.</summary>
internal enum SgemmDirectRoute
{
    /// <summary>Not a small product: the blocked, packed path.</summary>
    None,

    /// <summary><see cref="SgemmDirect512.Run"/>: B untransposed, 512-bit vectors.</summary>
    Avx512,

    /// <summary><see cref="SgemmDirect512.RunDot"/>: B transposed, A not; dot products of rows.</summary>
    Avx512Dot,

    /// <summary><see cref="SgemmDirect.RunDot"/>: B transposed, A not, 256-bit vectors.</summary>
    Avx2Dot,

    /// <summary><see cref="SgemmDirect.Run"/>: 256-bit vectors.</summary>
    Avx2,
}

/// <summary>
/// Runs a small product on the direct path, split by blocks of columns of C across threads when B is large enough
/// that reading it dominates: a one-row product (batch-1 inference) streams its whole weight matrix from L3 once per
/// call, and two cores each reading half of it finish in about half the time, with each core's half of the weights
/// closer to fitting its own L2 on the next call.
/// </summary>
/// <remarks>The blocks are multiples of 128 columns, a multiple of every column tile of the direct kernels, so every
/// element of C is computed by the same tile and in the same order of k whatever the thread count.</remarks>
internal static unsafe class SgemmDirectSplit
{
    // Columns per block: a multiple of every direct kernel's column tile (4, 8, 16, 32, 64, 128).
    private const int Block = 128;

    // Below 64 Ki elements of B (256 KiB, an L2's worth with room to spare) the hand-off costs more than it saves.
    private const long MinElementsOfB = 1L << 16;

    public static SgemmDirectRoute Choose(bool transA, bool transB, int m, int n, int k)
    {
        if (!SgemmDirect.Prefers(m, n, k))
        {
            return SgemmDirectRoute.None;
        }

        if (SgemmDirect512.IsSupported)
        {
            return !transB ? SgemmDirectRoute.Avx512 : !transA ? SgemmDirectRoute.Avx512Dot : Avx2OrNone(transA, transB);
        }

        return Avx2OrNone(transA, transB);

        static SgemmDirectRoute Avx2OrNone(bool transA, bool transB) =>
            !SgemmDirect.IsSupported ? SgemmDirectRoute.None
            : transB && !transA ? SgemmDirectRoute.Avx2Dot
            : SgemmDirectRoute.Avx2;
    }

    public static void Run(in SgemmProblem p, SgemmDirectRoute route)
    {
        int threads = Parallelism.ThreadCount;
        if (threads > 1 && (long)p.N * p.K >= MinElementsOfB && p.N >= 2 * Block)
        {
            var work = new Work(in p, route, threads);
            Parallelism.For(work.Count, threads, ref work);
        }
        else
        {
            RunOne(in p, route);
            if (p.HasEpilogue)
            {
                GemmEpilogue.Apply(in p, p.C, p.M, p.N, 0);
            }
        }
    }

    private static void RunOne(in SgemmProblem p, SgemmDirectRoute route)
    {
        switch (route)
        {
            case SgemmDirectRoute.Avx512:
                SgemmDirect512.Run(in p);
                break;
            case SgemmDirectRoute.Avx512Dot:
                SgemmDirect512.RunDot(in p);
                break;
            case SgemmDirectRoute.Avx2Dot:
                SgemmDirect.RunDot(in p);
                break;
            default:
                SgemmDirect.Run(in p);
                break;
        }
    }

    private readonly struct Work : IParallelWork
    {
        private readonly SgemmProblem problem;
        private readonly SgemmDirectRoute route;
        private readonly int chunk;

        public Work(in SgemmProblem p, SgemmDirectRoute route, int threads)
        {
            problem = p;
            this.route = route;
            chunk = ((((p.N + threads - 1) / threads) + Block - 1) / Block) * Block;
            Count = (p.N + chunk - 1) / chunk;
        }

        public int Count { get; }

        public void Run(int index)
        {
            var p = problem;
            int j0 = index * chunk;
            int cols = Math.Min(chunk, p.N - j0);

            // Columns j0.. of op(B) start at row j0 of a transposed B, at column j0 of a plain one.
            float* b = p.B + (p.TransB ? (nint)j0 * p.Ldb : j0);
            var part = new SgemmProblem(p.TransA, p.TransB, p.M, cols, p.K, p.Alpha, p.A, p.Lda, b, p.Ldb, p.Beta, p.C + j0, p.Ldc);
            RunOne(in part, route);
            if (p.HasEpilogue)
            {
                GemmEpilogue.Apply(in p, p.C + j0, p.M, cols, j0);
            }
        }
    }
}
