using System.Numerics;
using NeuralSharp.Kernels;
using NeuralSharp.Losses;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Cross-entropy from logits z [n, c] in one node: per row, lse = logsumexp(z) and the loss
/// lse - z[label] (class labels) or lse * sum(p) - sum(p z) (target probabilities p), then the reduction.
/// Reverse: dz = (softmax(z) - onehot) * g (softmax(z) * sum(p) - p for soft targets), dp = -log softmax(z) * g,
/// with g the upstream gradient of each row (g / n for the mean).
/// </summary>
/// <remarks>
/// The composition it replaces, log-softmax then gather and mean, is about a dozen graph nodes, each with
/// its own sweep over the logits and buffers. The maximum is subtracted before exponentiating and sums are
/// taken in double, so logits of any size give finite, accurate results; checked against the composition
/// in the tests. Each row's log-sum-exp is kept as its two parts, the maximum m and log sum exp(z - m):
/// log softmax is then (z - m) - log sum, where z - m is exact, whereas z - lse would lose the digits of
/// a large lse (in float32 at 1e4, a step of 1e-3).
/// </remarks>
internal sealed class CrossEntropyOp(int[]? labels, Reduction reduction, Tensor shift, Tensor logSum) : Op
{
    public override string Name => "cross_entropy";

    /// <summary>The loss of <paramref name="logits"/> [n, c] against one class index per row (checked by the caller).</summary>
    public static Tensor Apply(Tensor logits, int[] labels, Reduction reduction) => Apply(logits, labels, null, reduction);

    /// <summary>The loss of <paramref name="logits"/> [n, c] against probabilities of the same shape and type (checked by the caller).</summary>
    public static Tensor Apply(Tensor logits, Tensor target, Reduction reduction) => Apply(logits, null, target, reduction);

    private static Tensor Apply(Tensor logits, int[]? labels, Tensor? target, Reduction reduction)
    {
        var z = Elementwise.Dense(logits);
        var p = target is null ? null : Elementwise.Dense(target);
        var (n, c) = (z.Dims[0], z.Dims[1]);
        var shift = Tensor.Empty([n, 1], z.DType);
        var logSum = Tensor.Empty([n, 1], z.DType);
        var perRow = Tensor.Empty([n], z.DType);
        if (z.DType == DType.Float32)
        {
            Forward<float>(z.Span<float>(), labels, p is null ? default : p.Span<float>(), c, shift.Span<float>(), logSum.Span<float>(), perRow.Span<float>());
        }
        else
        {
            Forward<double>(z.Span<double>(), labels, p is null ? default : p.Span<double>(), c, shift.Span<double>(), logSum.Span<double>(), perRow.Span<double>());
        }

        var result = reduction switch
        {
            Reduction.None => perRow,
            Reduction.Sum => Tensor.Scalar(Total(perRow), z.DType),
            Reduction.Mean => Tensor.Scalar(Total(perRow) / n, z.DType),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "unknown reduction"),
        };
        var op = new CrossEntropyOp(labels is null ? null : (int[])labels.Clone(), reduction, shift, logSum);
        return target is null ? Record(op, result, logits) : Record(op, result, logits, target);
    }

    private static double Total(Tensor perRow)
    {
        var sum = 0.0;
        for (var i = 0; i < perRow.Count; i++)
        {
            sum += perRow.GetDouble(i);
        }

        return sum;
    }

    /// <summary>One pass per row: its maximum, then the sum of exponentials (and of the target terms) in double.</summary>
    private static void Forward<T>(ReadOnlySpan<T> z, int[]? labels, ReadOnlySpan<T> p, int c, Span<T> shifts, Span<T> logSums, Span<T> loss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var r = 0; r < loss.Length; r++)
        {
            var row = z.Slice(r * c, c);
            var m = double.NegativeInfinity;
            foreach (var v in row)
            {
                m = Math.Max(m, double.CreateTruncating(v));
            }

            // A row of -infinity (or none at all) has no finite maximum to shift by.
            var shift = double.IsFinite(m) ? m : 0.0;
            var s = 0.0;
            foreach (var v in row)
            {
                s += Math.Exp(double.CreateTruncating(v) - shift);
            }

            var l = shift + Math.Log(s);
            shifts[r] = T.CreateTruncating(shift);
            logSums[r] = T.CreateTruncating(Math.Log(s));
            if (labels is not null)
            {
                loss[r] = T.CreateTruncating(l - double.CreateTruncating(row[labels[r]]));
            }
            else
            {
                var (sp, spz) = (0.0, 0.0);
                var prow = p.Slice(r * c, c);
                for (var j = 0; j < c; j++)
                {
                    var pj = double.CreateTruncating(prow[j]);
                    sp += pj;
                    spz += pj == 0 ? 0 : pj * double.CreateTruncating(row[j]); // 0 * -inf counts as 0
                }

                loss[r] = T.CreateTruncating((l * sp) - spz);
            }
        }
    }

    /// <summary>The weight each row's loss has in the output, given the output's gradient: a [n, 1] column or a scalar.</summary>
    private Tensor RowWeights(Tensor gradOutput, int n) => reduction switch
    {
        Reduction.None => gradOutput.Reshape(n, 1),
        Reduction.Mean => gradOutput / n,
        _ => gradOutput,
    };

    /// <summary>The one-hot rows of the labels, or the target, as a dense [n, c] tensor.</summary>
    private Tensor Target(Tensor z)
    {
        if (labels is null)
        {
            return Inputs[1];
        }

        var c = z.Dims[1];
        var onehot = Tensor.Zeros(z.Dims, z.DType);
        for (var r = 0; r < labels.Length; r++)
        {
            onehot.SetDouble((r * c) + labels[r], 1.0);
        }

        return onehot;
    }

    /// <summary>
    /// log softmax(z) from tensor operations: recorded as a function of z when recording (the maximum is
    /// a constant shift, which does not change the result), else read from the saved parts.
    /// </summary>
    private Tensor LogSoftmax(Tensor z)
    {
        var shifted = z - shift;
        return shifted - (GradMode.IsEnabled ? shifted.Exp().Sum(1, keepDim: true).Log() : logSum);
    }

    /// <summary>softmax(z) * sum(p) - p per row, from tensor operations.</summary>
    private Tensor ComposedDz(Tensor z, Tensor logSoftmax)
    {
        var softmax = logSoftmax.Exp();
        var target = Target(z);
        return labels is null ? (softmax * target.Sum(1, keepDim: true)) - target : softmax - target;
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var z = Inputs[0];
        var n = z.Dims[0];
        var weights = RowWeights(gradOutput, n);
        var soft = Inputs.Length > 1 && Inputs[1].RequiresGrad;
        if (GradMode.IsEnabled)
        {
            // Recording (createGraph): log softmax is recomputed from z so that the softmax's own
            // derivative is part of the graph.
            var logSoftmax = LogSoftmax(z);
            return
            [
                z.RequiresGrad ? ComposedDz(z, logSoftmax) * weights : null,
                soft ? -logSoftmax * weights : null,
            ];
        }

        return
        [
            z.RequiresGrad ? FusedDz(Elementwise.Dense(z), Elementwise.Dense(weights)) : null,
            soft ? -LogSoftmax(z) * weights : null,
        ];
    }

    /// <summary>(softmax(z) * sum(p) - p) * w in one pass over the logits.</summary>
    private Tensor FusedDz(Tensor z, Tensor weights)
    {
        var grad = Tensor.Empty(z.Dims, z.DType);
        var p = labels is null ? Elementwise.Dense(Inputs[1]) : null;
        if (z.DType == DType.Float32)
        {
            FusedDz<float>(z.Span<float>(), shift.Span<float>(), logSum.Span<float>(), labels, p is null ? default : p.Span<float>(), weights.Span<float>(), grad.Span<float>());
        }
        else
        {
            FusedDz<double>(z.Span<double>(), shift.Span<double>(), logSum.Span<double>(), labels, p is null ? default : p.Span<double>(), weights.Span<double>(), grad.Span<double>());
        }

        return grad;
    }

    private static void FusedDz<T>(ReadOnlySpan<T> z, ReadOnlySpan<T> shifts, ReadOnlySpan<T> logSums, int[]? labels, ReadOnlySpan<T> p, ReadOnlySpan<T> weights, Span<T> grad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = shifts.Length;
        var c = n == 0 ? 0 : z.Length / n;
        for (var r = 0; r < n; r++)
        {
            var w = weights.Length == 1 ? weights[0] : weights[r];
            var row = z.Slice(r * c, c);
            var g = grad.Slice(r * c, c);
            if (labels is not null)
            {
                for (var j = 0; j < c; j++)
                {
                    g[j] = T.Exp(row[j] - shifts[r] - logSums[r]) * w;
                }

                g[labels[r]] -= w;
            }
            else
            {
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

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        var z = Inputs[0];
        var logSoftmax = LogSoftmax(z);
        var perRow = (ComposedDz(z, logSoftmax) * inputTangents[0]).Sum(1);
        if (labels is null)
        {
            perRow -= (logSoftmax * inputTangents[1]).Sum(1);
        }

        return reduction switch
        {
            Reduction.None => perRow,
            Reduction.Sum => perRow.Sum(),
            _ => perRow.Mean(),
        };
    }
}
