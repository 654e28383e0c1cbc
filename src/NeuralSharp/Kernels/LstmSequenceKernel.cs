using Rows = NeuralSharp.Kernels.LstmKernels.Rows<float>;

namespace NeuralSharp.Kernels;

/// <summary>
/// The whole recurrence of one direction of an LSTM layer in float32, both ways: every step's product with the packed
/// W_hh and its element-wise pass (<see cref="LstmKernels"/>), forwards over the steps and then backwards through time.
/// </summary>
/// <remarks>
/// <para>With enough work the batch is split into blocks of rows (<see cref="RecurrentRowBlocks"/>) and each thread takes
/// its rows through all the steps: one fork and join per pass, where splitting each step's product and then its gate math
/// cost two per step (112 per training step of a 28-step sequence), each thread packing only its own rows of the left
/// operand and keeping its rows of the gates in its own cache. Each element is computed as on one thread.</para>
/// <para>Otherwise (small batches, or products on the direct path) the steps run on the calling thread, and each step's
/// product and gate pass split themselves.</para>
/// </remarks>
internal static class LstmSequenceKernel
{
    /// <summary>
    /// From the input projections xg [T, N, 4 hidden], h0 and c0 [N, hidden], W_hh [4 hidden, hidden] (packed as
    /// <c>SgemmPackedB.Pack(transB: true, ...)</c> into <paramref name="packed"/>) and b_hh (null: none), writes every step's
    /// gate values [T, N, 4 hidden], states [2, T, N, hidden] (the h's, then the c's) and tanh(c) [T, N, hidden].
    /// </summary>
    public static void Forward(int steps, int batch, int hidden, bool reverse, Rows xg, Rows h0, Rows c0, Rows w, Rows? bias, Rows packed, Rows gates, Rows states, Rows tanhC)
    {
        var separable = SgemmPackedB.RowsAreSeparable(false, true, batch, 4 * hidden, hidden);
        var work = new ForwardWork(RecurrentRowBlocks.Count(batch, (long)steps * 4 * hidden * hidden, separable), steps, batch, hidden, reverse, xg, h0, c0, w, bias, packed, gates, states, tanhC);
        Run(ref work, work.Blocks);
    }

    /// <summary>
    /// Backpropagation through time: from what <see cref="Forward"/> wrote (gates, states, tanhC), c0, the gradient
    /// reaching the states [2, T, N, hidden] and W_hh [4 hidden, hidden] (packed untransposed,
    /// <c>SgemmPackedB.Pack(transB: false, ...)</c>, into <paramref name="packed"/>), writes the gradients of every step's
    /// pre-activations dGates [T, N, 4 hidden] and of c0 into dc (zero on entry), and, unless the first step's product is
    /// not wanted (<paramref name="needDh0"/> false), of h0 into dh [N, hidden].
    /// </summary>
    public static void Backward(int steps, int batch, int hidden, bool reverse, Rows gates, Rows states, Rows tanhC, Rows c0, Rows grad, Rows w, Rows packed, bool needDh0, Rows dGates, Rows dh, Rows dc)
    {
        var separable = SgemmPackedB.RowsAreSeparable(false, false, batch, hidden, 4 * hidden);
        var work = new BackwardWork(RecurrentRowBlocks.Count(batch, (long)steps * 4 * hidden * hidden, separable), steps, batch, hidden, reverse, gates, states, tanhC, c0, grad, w, packed, needDh0, dGates, dh, dc);
        Run(ref work, work.Blocks);
    }

    private static void Run<TWork>(ref TWork work, int blocks)
        where TWork : struct, IParallelWork
    {
        if (blocks == 1)
        {
            work.Run(0);
        }
        else
        {
            Parallelism.For(blocks, blocks, ref work);
        }
    }

    private static Rows At(Rows x, long offset) => new(x.Array, x.Offset + (int)offset);

    private static Span<float> Span(Rows x, int length) => x.Array.AsSpan(x.Offset, length);

    private readonly struct ForwardWork(int blocks, int steps, int batch, int hidden, bool reverse, Rows xg, Rows h0, Rows c0, Rows w, Rows? bias, Rows packed, Rows gates, Rows states, Rows tanhC) : IParallelWork
    {
        public int Blocks => blocks;

        public void Run(int index)
        {
            var (start, end) = RecurrentRowBlocks.Block(index, blocks, batch);
            var (width, cells) = (4 * hidden, (long)batch * hidden);
            var packedLength = packed.Array.Length - packed.Offset;
            for (var k = 0; k < steps; k++)
            {
                var t = reverse ? steps - 1 - k : k;
                var prev = reverse ? t + 1 : t - 1;
                var hPrev = k == 0 ? h0 : At(states, prev * cells);
                var cPrev = k == 0 ? c0 : At(states, (steps + prev) * cells);
                var g = At(gates, t * cells * 4);
                var (h, c) = (At(states, t * cells), At(states, (steps + t) * cells));
                if (blocks == 1)
                {
                    // The whole batch on this thread: the product and the gate pass each split themselves.
                    SgemmPackedB.Multiply(false, true, batch, width, hidden, 1f, Span(hPrev, batch * hidden), hidden, Span(w, width * hidden), hidden, Span(packed, packedLength), 0f, Span(g, batch * width), width);
                    LstmKernels.Forward(batch, hidden, g, At(xg, t * cells * 4), bias, cPrev, h, c, At(tanhC, t * cells));
                }
                else
                {
                    SgemmPackedB.MultiplyRows(false, true, batch, width, hidden, Span(hPrev, batch * hidden), hidden, Span(packed, packedLength), Span(g, batch * width), width, start, end);
                    LstmKernels.ForwardRows(start, end, hidden, g, At(xg, t * cells * 4), bias, cPrev, h, c, At(tanhC, t * cells));
                }
            }
        }
    }

    private readonly struct BackwardWork(int blocks, int steps, int batch, int hidden, bool reverse, Rows gates, Rows states, Rows tanhC, Rows c0, Rows grad, Rows w, Rows packed, bool needDh0, Rows dGates, Rows dh, Rows dc) : IParallelWork
    {
        public int Blocks => blocks;

        public void Run(int index)
        {
            var (start, end) = RecurrentRowBlocks.Block(index, blocks, batch);
            var (width, cells) = (4 * hidden, (long)batch * hidden);
            var packedLength = packed.Array.Length - packed.Offset;
            for (var k = steps - 1; k >= 0; k--)
            {
                var t = reverse ? steps - 1 - k : k;
                var prev = reverse ? t + 1 : t - 1;
                var cPrev = k == 0 ? c0 : At(states, (steps + prev) * cells);
                var dg = At(dGates, t * cells * 4);
                Rows? carry = k == steps - 1 ? null : dh;
                var (g, tc, gh, gc) = (At(gates, t * cells * 4), At(tanhC, t * cells), At(grad, t * cells), At(grad, (steps + t) * cells));
                var product = k > 0 || needDh0;
                if (blocks == 1)
                {
                    LstmKernels.Backward(batch, hidden, g, cPrev, tc, gh, gc, carry, dc, dg);
                    if (product)
                    {
                        SgemmPackedB.Multiply(false, false, batch, hidden, width, 1f, Span(dg, batch * width), width, Span(w, width * hidden), hidden, Span(packed, packedLength), 0f, Span(dh, batch * hidden), hidden);
                    }
                }
                else
                {
                    LstmKernels.BackwardRows(start, end, hidden, g, cPrev, tc, gh, gc, carry, dc, dg);
                    if (product)
                    {
                        SgemmPackedB.MultiplyRows(false, false, batch, hidden, width, Span(dg, batch * width), width, Span(packed, packedLength), Span(dh, batch * hidden), hidden, start, end);
                    }
                }
            }
        }
    }
}
