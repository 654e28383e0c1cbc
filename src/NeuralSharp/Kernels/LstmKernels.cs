using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>
/// The element-wise part of one LSTM step over a batch, fused: from the pre-activations of the gates i, f, g, o
/// (PyTorch's order, each <c>hidden</c> wide in a row of 4 hidden) the activations, the cell c' = f c + i g and
/// h' = o tanh(c'); and its reverse, from the gradients reaching h' and c' the gradients of the pre-activations and
/// of the previous cell.
/// </summary>
/// <remarks>Rows (sequences of the batch) are split across threads and every element depends only on its own row,
/// so the result is the same for any thread count. Composed from tensor ops the same step took about fifteen
/// passes forwards and thirty backwards, each allocating its result.</remarks>
internal static class LstmKernels
{
    /// <summary>Below this many cells a step runs on one thread: waking a worker costs more than the work.</summary>
    private const int MinCellsPerThread = 4096;

    /// <summary>The arrays of a step, each with the offset its dense rows start at.</summary>
    public readonly record struct Rows<T>(T[] Array, int Offset)
    {
        public Span<T> Row(int row, int width) => Array.AsSpan(Offset + (row * width), width);
    }

    /// <summary>
    /// gates [batch, 4 hidden] holds the recurrent product on entry; adds the input projection xg and the bias (null: none),
    /// replaces each pre-activation by its gate's value and writes c = f cPrev + i g, tanh(c) (kept for the reverse pass) and
    /// h = o tanh(c), [batch, hidden] each.
    /// </summary>
    public static void Forward<T>(int batch, int hidden, Rows<T> gates, Rows<T> xg, Rows<T>? bias, Rows<T> cPrev, Rows<T> h, Rows<T> c, Rows<T> tanhC)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new ForwardWork<T>(Split(batch, hidden), batch, hidden, gates, xg, bias, cPrev, h, c, tanhC);
        Parallelism.For(work.Blocks, Parallelism.ThreadCount, ref work);
    }

    /// <summary>
    /// From the gate values [batch, 4 hidden], the previous cell and tanh of this step's cell, and the gradients reaching h and c
    /// (the step's own, gradH and gradC, plus those carried from the next step, dhCarry (null: none) and dcCarry), writes the
    /// gradient of the pre-activations into dGates and replaces dcCarry by the gradient of the previous cell.
    /// </summary>
    public static void Backward<T>(int batch, int hidden, Rows<T> gates, Rows<T> cPrev, Rows<T> tanhC, Rows<T> gradH, Rows<T> gradC, Rows<T>? dhCarry, Rows<T> dcCarry, Rows<T> dGates)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new BackwardWork<T>(Split(batch, hidden), batch, hidden, gates, cPrev, tanhC, gradH, gradC, dhCarry, dcCarry, dGates);
        Parallelism.For(work.Blocks, Parallelism.ThreadCount, ref work);
    }

    private static int Split(int batch, int hidden) => Math.Clamp((int)Math.Min(Parallelism.ThreadCount, (long)batch * hidden / MinCellsPerThread), 1, Math.Max(1, batch));

    private static (int Start, int End) Block(int index, int blocks, int batch) => ((int)((long)batch * index / blocks), (int)((long)batch * (index + 1) / blocks));

    private readonly struct ForwardWork<T>(int blocks, int batch, int hidden, Rows<T> gates, Rows<T> xg, Rows<T>? bias, Rows<T> cPrev, Rows<T> h, Rows<T> c, Rows<T> tanhC) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Blocks => blocks;

        public void Run(int index)
        {
            var (start, end) = Block(index, blocks, batch);
            ForwardRows(start, end, hidden, gates, xg, bias, cPrev, h, c, tanhC);
        }
    }

    /// <summary>What <see cref="Forward"/> does, for rows [start, end) only, on the calling thread.</summary>
    public static void ForwardRows<T>(int start, int end, int hidden, Rows<T> gates, Rows<T> xg, Rows<T>? bias, Rows<T> cPrev, Rows<T> h, Rows<T> c, Rows<T> tanhC)
        where T : unmanaged, IFloatingPointIeee754<T> => ForwardMath<T>.Rows(start, end, hidden, gates, xg, bias, cPrev, h, c, tanhC);

    /// <summary>What <see cref="Backward"/> does, for rows [start, end) only, on the calling thread.</summary>
    public static void BackwardRows<T>(int start, int end, int hidden, Rows<T> gates, Rows<T> cPrev, Rows<T> tanhC, Rows<T> gradH, Rows<T> gradC, Rows<T>? dhCarry, Rows<T> dcCarry, Rows<T> dGates)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = 4 * hidden;
        for (var r = start; r < end; r++)
        {
            BackwardRow(hidden, gates.Row(r, width), cPrev.Row(r, hidden), tanhC.Row(r, hidden), gradH.Row(r, hidden), gradC.Row(r, hidden), dhCarry is { } carried ? carried.Row(r, hidden) : default, dcCarry.Row(r, hidden), dGates.Row(r, width));
        }
    }

    private static class ForwardMath<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static void Rows(int start, int end, int hidden, Rows<T> gates, Rows<T> xg, Rows<T>? bias, Rows<T> cPrev, Rows<T> h, Rows<T> c, Rows<T> tanhC)
        {
            var width = 4 * hidden;
            for (var r = start; r < end; r++)
            {
                var g = gates.Row(r, width);
                var x = xg.Row(r, width);
                var b = bias is { } bb ? bb.Row(0, width) : default;

                // One pass per gate: pre-activation (product + xg) + bias, then the sigmoid gates' values in registers
                // (the same 1 / (1 + exp(-x)) as TensorPrimitives.Sigmoid, lane for lane); the candidate g keeps
                // TensorPrimitives.Tanh. Nine library calls a row, each a pass over a few hundred elements, became five.
                PreActivate(g[..(2 * hidden)], x[..(2 * hidden)], b.IsEmpty ? b : b[..(2 * hidden)], sigmoid: true);
                var cand = g.Slice(2 * hidden, hidden);
                PreActivate(cand, x.Slice(2 * hidden, hidden), b.IsEmpty ? b : b.Slice(2 * hidden, hidden), sigmoid: false);
                TensorPrimitives.Tanh<T>(cand, cand);
                var o = g.Slice(3 * hidden, hidden);
                PreActivate(o, x.Slice(3 * hidden, hidden), b.IsEmpty ? b : b.Slice(3 * hidden, hidden), sigmoid: true);
                var cRow = c.Row(r, hidden);
                Cell(g[..hidden], g.Slice(hidden, hidden), cand, cPrev.Row(r, hidden), cRow);
                var tc = tanhC.Row(r, hidden);
                TensorPrimitives.Tanh<T>(cRow, tc);
                TensorPrimitives.Multiply<T>(tc, o, h.Row(r, hidden));
            }
        }

        /// <summary>g = (g + x) + b (b empty: none), then sigmoid(g) when asked; a ragged end goes through a padded vector, so every element is computed alike.</summary>
        private static void PreActivate(Span<T> g, ReadOnlySpan<T> x, ReadOnlySpan<T> b, bool sigmoid)
        {
            var n = Vector<T>.Count;
            var j = 0;
            for (; j <= g.Length - n; j += n)
            {
                var v = new Vector<T>(g[j..]) + new Vector<T>(x[j..]);
                if (!b.IsEmpty)
                {
                    v += new Vector<T>(b[j..]);
                }

                (sigmoid ? Sigmoid(v) : v).CopyTo(g[j..]);
            }

            if (j < g.Length)
            {
                var rest = g.Length - j;
                Span<T> lanes = stackalloc T[n];
                for (var l = 0; l < rest; l++)
                {
                    var v = g[j + l] + x[j + l];
                    lanes[l] = b.IsEmpty ? v : v + b[j + l];
                }

                if (sigmoid)
                {
                    Sigmoid(new Vector<T>(lanes)).CopyTo(lanes);
                }

                lanes[..rest].CopyTo(g[j..]);
            }
        }

        /// <summary>c = i g + f cPrev, the products rounded separately and then added, as TensorPrimitives.Multiply and MultiplyAdd did.</summary>
        private static void Cell(ReadOnlySpan<T> i, ReadOnlySpan<T> f, ReadOnlySpan<T> g, ReadOnlySpan<T> cPrev, Span<T> c)
        {
            var j = 0;
            for (; j <= c.Length - Vector<T>.Count; j += Vector<T>.Count)
            {
                ((new Vector<T>(i[j..]) * new Vector<T>(g[j..])) + (new Vector<T>(f[j..]) * new Vector<T>(cPrev[j..]))).CopyTo(c[j..]);
            }

            for (; j < c.Length; j++)
            {
                c[j] = (i[j] * g[j]) + (f[j] * cPrev[j]);
            }
        }

        private static Vector<T> Sigmoid(Vector<T> v) => Vector<T>.One / (Vector<T>.One + Exp(-v));

        private static Vector<T> Exp(Vector<T> v) => typeof(T) == typeof(float)
            ? Vector.As<float, T>(Vector.Exp(Vector.As<T, float>(v)))
            : Vector.As<double, T>(Vector.Exp(Vector.As<T, double>(v)));
    }

    private readonly struct BackwardWork<T>(int blocks, int batch, int hidden, Rows<T> gates, Rows<T> cPrev, Rows<T> tanhC, Rows<T> gradH, Rows<T> gradC, Rows<T>? dhCarry, Rows<T> dcCarry, Rows<T> dGates) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Blocks => blocks;

        public void Run(int index)
        {
            var (start, end) = Block(index, blocks, batch);
            BackwardRows(start, end, hidden, gates, cPrev, tanhC, gradH, gradC, dhCarry, dcCarry, dGates);
        }
    }

    private static void BackwardRow<T>(int hidden, Span<T> gate, Span<T> cp, Span<T> tc, Span<T> gh, Span<T> gc, Span<T> dhc, Span<T> dcc, Span<T> dg)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> i = gate[..hidden], f = gate.Slice(hidden, hidden), g = gate.Slice(2 * hidden, hidden), o = gate.Slice(3 * hidden, hidden);
        Span<T> di = dg[..hidden], df = dg.Slice(hidden, hidden), dgg = dg.Slice(2 * hidden, hidden), dout = dg.Slice(3 * hidden, hidden);
        var carry = !dhc.IsEmpty;
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var one = Vector<T>.One;
            for (; j <= hidden - Vector<T>.Count; j += Vector<T>.Count)
            {
                var dh = new Vector<T>(gh[j..]);
                if (carry)
                {
                    dh += new Vector<T>(dhc[j..]);
                }

                var (vi, vf, vg, vo, vt) = (new Vector<T>(i[j..]), new Vector<T>(f[j..]), new Vector<T>(g[j..]), new Vector<T>(o[j..]), new Vector<T>(tc[j..]));
                var dc = new Vector<T>(dcc[j..]) + new Vector<T>(gc[j..]) + (dh * vo * (one - (vt * vt)));
                (dh * vt * vo * (one - vo)).CopyTo(dout[j..]);
                (dc * vg * vi * (one - vi)).CopyTo(di[j..]);
                (dc * new Vector<T>(cp[j..]) * vf * (one - vf)).CopyTo(df[j..]);
                (dc * vi * (one - (vg * vg))).CopyTo(dgg[j..]);
                (dc * vf).CopyTo(dcc[j..]);
            }
        }

        for (; j < hidden; j++)
        {
            var dh = carry ? gh[j] + dhc[j] : gh[j];
            var (vi, vf, vg, vo, vt) = (i[j], f[j], g[j], o[j], tc[j]);
            var dc = dcc[j] + gc[j] + (dh * vo * (T.One - (vt * vt)));
            dout[j] = dh * vt * vo * (T.One - vo);
            di[j] = dc * vg * vi * (T.One - vi);
            df[j] = dc * cp[j] * vf * (T.One - vf);
            dgg[j] = dc * vi * (T.One - (vg * vg));
            dcc[j] = dc * vf;
        }
    }
}
