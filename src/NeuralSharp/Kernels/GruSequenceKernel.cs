using Rows = NeuralSharp.Kernels.LstmKernels.Rows<float>;

namespace NeuralSharp.Kernels;

/// <summary>
/// The whole recurrence of one direction of a GRU layer in float32, both ways: every step's product with the packed
/// W_hh and its element-wise pass (<see cref="GruKernels"/>), split by rows of the batch as <see cref="LstmSequenceKernel"/> is.
/// </summary>
internal static class GruSequenceKernel
{
    /// <summary>
    /// From the input projections xg [T, N, 3 hidden], h0 [N, hidden], W_hh [3 hidden, hidden] (packed with transB into
    /// <paramref name="packed"/>) and b_hh (null: none), writes every step's hg (r, z and hg_n) [T, N, 3 hidden], candidates
    /// n [T, N, hidden] and states [T, N, hidden].
    /// </summary>
    public static void Forward(int steps, int batch, int hidden, bool reverse, Rows xg, Rows h0, Rows w, Rows? bias, Rows packed, Rows gates, Rows candidates, Rows states)
    {
        var separable = SgemmPackedB.RowsAreSeparable(false, true, batch, 3 * hidden, hidden);
        var work = new ForwardWork(RecurrentRowBlocks.Count(batch, (long)steps * 3 * hidden * hidden, separable), steps, batch, hidden, reverse, xg, h0, w, bias, packed, gates, candidates, states);
        if (work.Blocks == 1)
        {
            work.Run(0);
        }
        else
        {
            Parallelism.For(work.Blocks, work.Blocks, ref work);
        }
    }

    /// <summary>
    /// Backpropagation through time: from what <see cref="Forward"/> wrote, h0, the gradient reaching the states
    /// [T, N, hidden] and W_hh (packed untransposed into <paramref name="packed"/>), writes the gradients of every step's
    /// input projection dInputs and recurrent product dProducts [T, N, 3 hidden]; product and direct [N, hidden] end as the
    /// two parts of the gradient reaching h0 (the product part only when <paramref name="needDh0"/>).
    /// </summary>
    public static void Backward(int steps, int batch, int hidden, bool reverse, Rows gates, Rows candidates, Rows states, Rows h0, Rows grad, Rows w, Rows packed, bool needDh0, Rows dInputs, Rows dProducts, Rows product, Rows direct)
    {
        var separable = SgemmPackedB.RowsAreSeparable(false, false, batch, hidden, 3 * hidden);
        var work = new BackwardWork(RecurrentRowBlocks.Count(batch, (long)steps * 3 * hidden * hidden, separable), steps, batch, hidden, reverse, gates, candidates, states, h0, grad, w, packed, needDh0, dInputs, dProducts, product, direct);
        if (work.Blocks == 1)
        {
            work.Run(0);
        }
        else
        {
            Parallelism.For(work.Blocks, work.Blocks, ref work);
        }
    }

    private static Rows At(Rows x, long offset) => new(x.Array, x.Offset + (int)offset);

    private static Span<float> Span(Rows x, int length) => x.Array.AsSpan(x.Offset, length);

    private readonly struct ForwardWork(int blocks, int steps, int batch, int hidden, bool reverse, Rows xg, Rows h0, Rows w, Rows? bias, Rows packed, Rows gates, Rows candidates, Rows states) : IParallelWork
    {
        public int Blocks => blocks;

        public void Run(int index)
        {
            var (start, end) = RecurrentRowBlocks.Block(index, blocks, batch);
            var (width, cells) = (3 * hidden, (long)batch * hidden);
            var packedLength = packed.Array.Length - packed.Offset;
            for (var k = 0; k < steps; k++)
            {
                var t = reverse ? steps - 1 - k : k;
                var prev = reverse ? t + 1 : t - 1;
                var hPrev = k == 0 ? h0 : At(states, prev * cells);
                var hg = At(gates, t * cells * 3);
                if (blocks == 1)
                {
                    // The whole batch on this thread: the product and the gate pass each split themselves.
                    SgemmPackedB.Multiply(false, true, batch, width, hidden, 1f, Span(hPrev, batch * hidden), hidden, Span(w, width * hidden), hidden, Span(packed, packedLength), 0f, Span(hg, batch * width), width);
                    GruKernels.Forward(batch, hidden, hg, bias, At(xg, t * cells * 3), hPrev, At(candidates, t * cells), At(states, t * cells));
                }
                else
                {
                    SgemmPackedB.MultiplyRows(false, true, batch, width, hidden, Span(hPrev, batch * hidden), hidden, Span(packed, packedLength), Span(hg, batch * width), width, start, end);
                    GruKernels.ForwardRows(start, end, hidden, hg, bias, At(xg, t * cells * 3), hPrev, At(candidates, t * cells), At(states, t * cells));
                }
            }
        }
    }

    private readonly struct BackwardWork(int blocks, int steps, int batch, int hidden, bool reverse, Rows gates, Rows candidates, Rows states, Rows h0, Rows grad, Rows w, Rows packed, bool needDh0, Rows dInputs, Rows dProducts, Rows product, Rows direct) : IParallelWork
    {
        public int Blocks => blocks;

        public void Run(int index)
        {
            var (start, end) = RecurrentRowBlocks.Block(index, blocks, batch);
            var (width, cells) = (3 * hidden, (long)batch * hidden);
            var packedLength = packed.Array.Length - packed.Offset;
            for (var k = steps - 1; k >= 0; k--)
            {
                var t = reverse ? steps - 1 - k : k;
                var prev = reverse ? t + 1 : t - 1;
                var carried = k < steps - 1;
                var dhg = At(dProducts, t * cells * 3);
                var (hg, nn, hPrev, gh, dx) = (At(gates, t * cells * 3), At(candidates, t * cells), k == 0 ? h0 : At(states, prev * cells), At(grad, t * cells), At(dInputs, t * cells * 3));
                Rows? carryProduct = carried ? product : null;
                Rows? carryDirect = carried ? direct : null;
                var needProduct = k > 0 || needDh0;
                if (blocks == 1)
                {
                    GruKernels.Backward(batch, hidden, hg, nn, hPrev, gh, carryProduct, carryDirect, direct, dx, dhg);
                    if (needProduct)
                    {
                        SgemmPackedB.Multiply(false, false, batch, hidden, width, 1f, Span(dhg, batch * width), width, Span(w, width * hidden), hidden, Span(packed, packedLength), 0f, Span(product, batch * hidden), hidden);
                    }
                }
                else
                {
                    GruKernels.BackwardRows(start, end, hidden, hg, nn, hPrev, gh, carryProduct, carryDirect, direct, dx, dhg);
                    if (needProduct)
                    {
                        SgemmPackedB.MultiplyRows(false, false, batch, hidden, width, Span(dhg, batch * width), width, Span(packed, packedLength), Span(product, batch * hidden), hidden, start, end);
                    }
                }
            }
        }
    }
}
