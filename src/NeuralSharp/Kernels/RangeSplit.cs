namespace NeuralSharp.Kernels;

/// <summary>One piece [start, start + length) of an element-wise job, run by <see cref="RangeSplit"/>.</summary>
internal interface IRangeWork
{
    /// <summary>Processes elements [start, start + length); pieces never overlap and never depend on each other.</summary>
    void Run(int start, int length);
}

/// <summary>
/// Splits element-wise work over the threads of <see cref="Parallelism"/> when it is large enough to
/// pay for waking them. Every element is computed by the same code whichever thread runs it, and no
/// piece reduces across elements, so results are bit-identical for any thread count.
/// </summary>
internal static class RangeSplit
{
    // Below this many elements per thread, waking a helper (a few microseconds) costs more than the
    // work it takes over: 64 Ki floats is 256 KB per operand, tens of microseconds of memory traffic.
    internal const int MinPerThread = 64 * 1024;

    // Pieces start on multiples of this, so that each piece's vector loop covers whole vectors
    // (any Vector<T> width up to 512 bits of double) and only the very last piece has a tail.
    private const int Align = 64;

    /// <summary>Runs <paramref name="work"/> over [0, <paramref name="length"/>), on one thread or split into aligned pieces.</summary>
    public static void Run<TWork>(int length, ref TWork work)
        where TWork : struct, IRangeWork
    {
        var threads = Math.Min(Parallelism.ThreadCount, length / MinPerThread);
        if (threads <= 1)
        {
            work.Run(0, length);
            return;
        }

        var piece = ((length / threads) + Align - 1) / Align * Align;
        var split = new Pieces<TWork>(work, length, piece);
        Parallelism.For((length + piece - 1) / piece, threads, ref split);
    }

    private struct Pieces<TWork>(TWork work, int length, int piece) : IParallelWork
        where TWork : struct, IRangeWork
    {
        private TWork _work = work;

        public void Run(int index)
        {
            var start = index * piece;
            _work.Run(start, Math.Min(piece, length - start));
        }
    }
}
