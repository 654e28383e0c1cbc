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
    /// Fills, per row, <paramref name="shift"/> (the maximum), <paramref name="logSum"/> and <paramref name="loss"/>:
    /// lse - z[label] with labels, else lse * sum(p) - sum(p z). All tensors dense and of z's type.
    /// </summary>
    public static void Forward(Tensor z, int[]? labels, Tensor? p, Tensor shift, Tensor logSum, Tensor loss)
    {
        if (z.DType == DType.Float32)
        {
            Forward<float>(z.Span<float>(), labels, p is null ? default : p.Span<float>(), shift.Span<float>(), logSum.Span<float>(), loss.Span<float>());
        }
        else
        {
            Forward<double>(z.Span<double>(), labels, p is null ? default : p.Span<double>(), shift.Span<double>(), logSum.Span<double>(), loss.Span<double>());
        }
    }

    /// <summary>
    /// grad = (softmax(z) - onehot(label)) * w per row, or (softmax(z) * sum(p) - p) * w; the weights
    /// <paramref name="weights"/> hold one value per row, or one for all. All tensors dense and of z's type.
    /// </summary>
    public static void SoftmaxMinusTarget(Tensor z, Tensor shift, Tensor logSum, int[]? labels, Tensor? p, Tensor weights, Tensor grad)
    {
        if (z.DType == DType.Float32)
        {
            SoftmaxMinusTarget<float>(z.Span<float>(), shift.Span<float>(), logSum.Span<float>(), labels, p is null ? default : p.Span<float>(), weights.Span<float>(), grad.Span<float>());
        }
        else
        {
            SoftmaxMinusTarget<double>(z.Span<double>(), shift.Span<double>(), logSum.Span<double>(), labels, p is null ? default : p.Span<double>(), weights.Span<double>(), grad.Span<double>());
        }
    }

    private static void Forward<T>(ReadOnlySpan<T> z, int[]? labels, ReadOnlySpan<T> p, Span<T> shifts, Span<T> logSums, Span<T> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = loss.Length;
        var c = n == 0 ? 0 : z.Length / n;
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
        }
    }

    private static void SoftmaxMinusTarget<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> shifts, ReadOnlySpan<T> logSums, int[]? labels, ReadOnlySpan<T> p, ReadOnlySpan<T> weights, Span<T> grad)
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
