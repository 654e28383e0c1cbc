using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralSharp.Kernels;

/// <summary>
/// The element-wise part of one GRU step over a batch, fused (PyTorch's gate order r, z, n, each <c>hidden</c> wide in a
/// row of 3 hidden): from the input projections xg and the recurrent products hg = h W_hh^T + b_hh, r = sigmoid(xg_r + hg_r),
/// z = sigmoid(xg_z + hg_z), n = tanh(xg_n + r hg_n) and h' = (1 - z) n + z h; and its reverse.
/// </summary>
/// <remarks>Rows (sequences of the batch) are split across threads and every element depends only on its own row, so the
/// result is the same for any thread count.</remarks>
internal static class GruKernels
{
    /// <summary>Below this many cells a step runs on one thread: waking a worker costs more than the work.</summary>
    private const int MinCellsPerThread = 4096;

    /// <summary>
    /// hg [batch, 3 hidden] holds h W_hh^T on entry and receives + b_hh (bias null: none) first; its r and z parts are replaced by the gates' values (hg_n is
    /// kept for the reverse pass); n and h' [batch, hidden] are written.
    /// </summary>
    public static void Forward<T>(int batch, int hidden, LstmKernels.Rows<T> hg, LstmKernels.Rows<T>? bias, LstmKernels.Rows<T> xg, LstmKernels.Rows<T> hPrev, LstmKernels.Rows<T> n, LstmKernels.Rows<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new ForwardWork<T>(Split(batch, hidden), batch, hidden, hg, bias, xg, hPrev, n, h);
        Parallelism.For(work.Blocks, Parallelism.ThreadCount, ref work);
    }

    /// <summary>
    /// From the saved r, z, hg_n (in hg), n and the previous h, and the gradient reaching h' (gradH, plus carryProduct
    /// and carryDirect, the parts carried from the next step, null for none), writes the gradients of the input projection
    /// (dxg) and of the recurrent product (dhg, which differs in its n part: r dn') and replaces carryDirect by z dh'.
    /// </summary>
    public static void Backward<T>(int batch, int hidden, LstmKernels.Rows<T> hg, LstmKernels.Rows<T> n, LstmKernels.Rows<T> hPrev, LstmKernels.Rows<T> gradH, LstmKernels.Rows<T>? carryProduct, LstmKernels.Rows<T>? carryDirect, LstmKernels.Rows<T> direct, LstmKernels.Rows<T> dxg, LstmKernels.Rows<T> dhg)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new BackwardWork<T>(Split(batch, hidden), batch, hidden, hg, n, hPrev, gradH, carryProduct, carryDirect, direct, dxg, dhg);
        Parallelism.For(work.Blocks, Parallelism.ThreadCount, ref work);
    }

    private static int Split(int batch, int hidden) => Math.Clamp((int)Math.Min(Parallelism.ThreadCount, (long)batch * hidden / MinCellsPerThread), 1, Math.Max(1, batch));

    private static (int Start, int End) Block(int index, int blocks, int batch) => ((int)((long)batch * index / blocks), (int)((long)batch * (index + 1) / blocks));

    private readonly struct ForwardWork<T>(int blocks, int batch, int hidden, LstmKernels.Rows<T> hg, LstmKernels.Rows<T>? bias, LstmKernels.Rows<T> xg, LstmKernels.Rows<T> hPrev, LstmKernels.Rows<T> n, LstmKernels.Rows<T> h) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Blocks => blocks;

        public void Run(int index)
        {
            var (start, end) = Block(index, blocks, batch);
            ForwardRows(start, end, hidden, hg, bias, xg, hPrev, n, h);
        }
    }

    /// <summary>What <see cref="Forward"/> does, for rows [start, end) only, on the calling thread.</summary>
    public static void ForwardRows<T>(int start, int end, int hidden, LstmKernels.Rows<T> hg, LstmKernels.Rows<T>? bias, LstmKernels.Rows<T> xg, LstmKernels.Rows<T> hPrev, LstmKernels.Rows<T> n, LstmKernels.Rows<T> h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = 3 * hidden;
        for (var row = start; row < end; row++)
        {
            var g = hg.Row(row, width);
            var x = xg.Row(row, width);
            if (bias is { } b)
            {
                TensorPrimitives.Add<T>(g, b.Row(0, width), g);
            }

            // r and z: sigmoid(xg + hg), written over hg's r and z parts.
            var rz = g[..(2 * hidden)];
            TensorPrimitives.Add<T>(rz, x[..(2 * hidden)], rz);
            TensorPrimitives.Sigmoid<T>(rz, rz);
            Span<T> r = g[..hidden], z = g.Slice(hidden, hidden), hn = g.Slice(2 * hidden, hidden);
            var nRow = n.Row(row, hidden);
            TensorPrimitives.MultiplyAdd<T>(r, hn, x.Slice(2 * hidden, hidden), nRow);
            TensorPrimitives.Tanh<T>(nRow, nRow);

            // h' = (1 - z) n + z h, the two products rounded separately.
            var hp = hPrev.Row(row, hidden);
            var hRow = h.Row(row, hidden);
            var j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; j <= hidden - Vector<T>.Count; j += Vector<T>.Count)
                {
                    var vz = new Vector<T>(z[j..]);
                    (((Vector<T>.One - vz) * new Vector<T>(nRow[j..])) + (vz * new Vector<T>(hp[j..]))).CopyTo(hRow[j..]);
                }
            }

            for (; j < hidden; j++)
            {
                hRow[j] = ((T.One - z[j]) * nRow[j]) + (z[j] * hp[j]);
            }
        }
    }

    private readonly struct BackwardWork<T>(int blocks, int batch, int hidden, LstmKernels.Rows<T> hg, LstmKernels.Rows<T> n, LstmKernels.Rows<T> hPrev, LstmKernels.Rows<T> gradH, LstmKernels.Rows<T>? carryProduct, LstmKernels.Rows<T>? carryDirect, LstmKernels.Rows<T> direct, LstmKernels.Rows<T> dxg, LstmKernels.Rows<T> dhg) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Blocks => blocks;

        public void Run(int index)
        {
            var (start, end) = Block(index, blocks, batch);
            BackwardRows(start, end, hidden, hg, n, hPrev, gradH, carryProduct, carryDirect, direct, dxg, dhg);
        }
    }

    /// <summary>What <see cref="Backward"/> does, for rows [start, end) only, on the calling thread.</summary>
    public static void BackwardRows<T>(int start, int end, int hidden, LstmKernels.Rows<T> hg, LstmKernels.Rows<T> n, LstmKernels.Rows<T> hPrev, LstmKernels.Rows<T> gradH, LstmKernels.Rows<T>? carryProduct, LstmKernels.Rows<T>? carryDirect, LstmKernels.Rows<T> direct, LstmKernels.Rows<T> dxg, LstmKernels.Rows<T> dhg)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = 3 * hidden;
        for (var row = start; row < end; row++)
        {
            var g = hg.Row(row, width);
            Span<T> r = g[..hidden], z = g.Slice(hidden, hidden), hn = g.Slice(2 * hidden, hidden);
            Span<T> nn = n.Row(row, hidden), hp = hPrev.Row(row, hidden), gh = gradH.Row(row, hidden);
            var cp = carryProduct is { } p ? p.Row(row, hidden) : default;
            var cd = carryDirect is { } d ? d.Row(row, hidden) : default;
            var dir = direct.Row(row, hidden);
            Span<T> dx = dxg.Row(row, width), dh = dhg.Row(row, width);
            var j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var one = Vector<T>.One;
                for (; j <= hidden - Vector<T>.Count; j += Vector<T>.Count)
                {
                    var total = new Vector<T>(gh[j..]);
                    if (!cp.IsEmpty)
                    {
                        total += new Vector<T>(cp[j..]);
                    }

                    if (!cd.IsEmpty)
                    {
                        total += new Vector<T>(cd[j..]);
                    }

                    var (vr, vz, vn) = (new Vector<T>(r[j..]), new Vector<T>(z[j..]), new Vector<T>(nn[j..]));
                    var dn = total * (one - vz) * (one - (vn * vn));
                    var dz = total * (new Vector<T>(hp[j..]) - vn) * vz * (one - vz);
                    var dr = dn * new Vector<T>(hn[j..]) * vr * (one - vr);
                    dr.CopyTo(dx[j..]);
                    dr.CopyTo(dh[j..]);
                    dz.CopyTo(dx[(hidden + j)..]);
                    dz.CopyTo(dh[(hidden + j)..]);
                    dn.CopyTo(dx[((2 * hidden) + j)..]);
                    (dn * vr).CopyTo(dh[((2 * hidden) + j)..]);
                    (total * vz).CopyTo(dir[j..]);
                }
            }

            // The same operations element by element for the rest: a lane computes exactly what a scalar does.
            for (; j < hidden; j++)
            {
                var total = gh[j];
                if (!cp.IsEmpty)
                {
                    total += cp[j];
                }

                if (!cd.IsEmpty)
                {
                    total += cd[j];
                }

                var (vr, vz, vn) = (r[j], z[j], nn[j]);
                var dn = total * (T.One - vz) * (T.One - (vn * vn));
                var dz = total * (hp[j] - vn) * vz * (T.One - vz);
                var dr = dn * hn[j] * vr * (T.One - vr);
                dx[j] = dr;
                dh[j] = dr;
                dx[hidden + j] = dz;
                dh[hidden + j] = dz;
                dx[(2 * hidden) + j] = dn;
                dh[(2 * hidden) + j] = dn * vr;
                dir[j] = total * vz;
            }
        }
    }
}
