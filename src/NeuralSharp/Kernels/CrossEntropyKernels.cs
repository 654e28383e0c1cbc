using System.Numerics;

namespace NeuralSharp.Kernels;

/// <summary>
/// The row loops of cross-entropy from logits z [n, c]: each row's log-sum-exp, kept as its maximum m
/// and log sum exp(z - m), and the loss; then softmax minus the target, scaled by each row's weight.
/// </summary>
/// <remarks>Sums are taken in double, so a float32 row of any length loses no more than its own rounding.</remarks>
internal static class CrossEntropyKernels
{
    /// <summary>
    /// Fills, per row, <paramref name="shifts"/> (the maximum), <paramref name="logSums"/> and <paramref name="loss"/>:
    /// lse - z[label] with labels, else lse * sum(p) - sum(p z); returns the sum of the losses, in double.
    /// </summary>
    public static double Forward<T>(ReadOnlySpan<T> z, int[]? labels, ReadOnlySpan<T> p, Span<T> shifts, Span<T> logSums, Span<T> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = loss.Length;
        var c = n == 0 ? 0 : z.Length / n;
        var total = 0.0;
        for (var r = 0; r < n; r++)
        {
            var row = z.Slice(r * c, c);
            var m = double.NegativeInfinity;
            foreach (var v in row)
            {
                m = Math.Max(m, double.CreateTruncating(v));
            }

            // A row of -infinity (or an empty one) has no finite maximum to shift by.
            var shift = double.IsFinite(m) ? m : 0.0;
            var s = 0.0;
            foreach (var v in row)
            {
                s += Math.Exp(double.CreateTruncating(v) - shift);
            }

            var lse = shift + Math.Log(s);
            shifts[r] = T.CreateTruncating(shift);
            logSums[r] = T.CreateTruncating(Math.Log(s));
            if (labels is not null)
            {
                loss[r] = T.CreateTruncating(lse - double.CreateTruncating(row[labels[r]]));
                total += double.CreateTruncating(loss[r]);
                continue;
            }

            var (sp, spz) = (0.0, 0.0);
            var prow = p.Slice(r * c, c);
            for (var j = 0; j < c; j++)
            {
                var pj = double.CreateTruncating(prow[j]);
                sp += pj;
                spz += pj == 0 ? 0 : pj * double.CreateTruncating(row[j]); // 0 * -inf counts as 0
            }

            loss[r] = T.CreateTruncating((lse * sp) - spz);
            total += double.CreateTruncating(loss[r]);
        }

        return total;
    }

    /// <summary>
    /// grad = (softmax(z) - onehot(label)) * w per row, or (softmax(z) * sum(p) - p) * w; the weights hold
    /// one value per row, or one for all.
    /// </summary>
    public static void SoftmaxMinusTarget<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> shifts, ReadOnlySpan<T> logSums, int[]? labels, ReadOnlySpan<T> p, ReadOnlySpan<T> weights, Span<T> grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = shifts.Length;
        var c = n == 0 ? 0 : z.Length / n;
        for (var r = 0; r < n; r++)
        {
            var w = weights.Length == 1 ? weights[0] : weights[r];
            var row = z.Slice(r * c, c);
            var g = grad.Slice(r * c, c);

            // softmax = exp((z - m) - log sum): z - m is exact, where z - lse would round a large lse.
            if (labels is not null)
            {
                for (var j = 0; j < c; j++)
                {
                    g[j] = T.Exp(row[j] - shifts[r] - logSums[r]) * w;
                }

                g[labels[r]] -= w;
                continue;
            }

            var prow = p.Slice(r * c, c);
            var sp = T.Zero;
            foreach (var v in prow)
            {
                sp += v;
            }

            for (var j = 0; j < c; j++)
            {
                g[j] = ((T.Exp(row[j] - shifts[r] - logSums[r]) * sp) - prow[j]) * w;
            }
        }
    }
}
