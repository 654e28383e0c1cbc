namespace NeuralSharp.Kernels;

/// <summary>
/// How a fused recurrence (LSTM, GRU) splits its batch over threads: the sequences of a batch never meet inside the
/// recurrence (row r of every step's product and gate math reads only row r of the previous step), so each thread can take
/// a block of rows through every step on its own, with one fork and join per pass instead of two per step.
/// </summary>
/// <remarks>The blocks only group rows; each element is computed alike in any block (the products are split by rows
/// only where <see cref="SgemmPackedB.RowsAreSeparable"/>), so the result does not depend on how many there are.</remarks>
internal static class RecurrentRowBlocks
{
    /// <summary>Fewer rows than this make a block's products run mostly partial tiles.</summary>
    private const int MinRowsPerBlock = 16;

    /// <summary>Below this many multiply-adds over the whole pass the fork and join cost more than they save.</summary>
    private const long MinMultiplyAdds = 1L << 21;

    /// <summary>Blocks start on multiples of this many rows (the micro-kernels' partial row strips are 4 rows).</summary>
    private const int RowAlignment = 4;

    /// <summary>
    /// The number of blocks of rows for a pass over <paramref name="batch"/> sequences costing
    /// <paramref name="multiplyAddsPerRow"/> (all steps together) each; 1 (the caller's per-step path, whose kernels split
    /// each step themselves) unless the step's product is <paramref name="separable"/> and there is work enough.
    /// </summary>
    public static int Count(int batch, long multiplyAddsPerRow, bool separable)
    {
        var blocks = Math.Min(Parallelism.ThreadCount, batch / MinRowsPerBlock);
        if (!separable || !Parallelism.CanStartThreads || blocks < 2 || batch * multiplyAddsPerRow < MinMultiplyAdds)
        {
            return 1;
        }

        var chunk = Chunk(batch, blocks);
        return (batch + chunk - 1) / chunk;
    }

    /// <summary>Rows [Start, End) of block <paramref name="index"/> of <paramref name="blocks"/> (as <see cref="Count"/> gave).</summary>
    public static (int Start, int End) Block(int index, int blocks, int batch)
    {
        if (blocks == 1)
        {
            return (0, batch);
        }

        // blocks * chunk covers the batch; a last block may be empty (then it runs nothing).
        var chunk = Chunk(batch, blocks);
        var start = Math.Min(batch, index * chunk);
        return (start, Math.Min(batch, start + chunk));
    }

    private static int Chunk(int batch, int blocks)
    {
        var rows = (batch + blocks - 1) / blocks;
        return (rows + RowAlignment - 1) / RowAlignment * RowAlignment;
    }
}
