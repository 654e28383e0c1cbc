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
/// its own sweep over the logits and its own buffers; checked against it in the tests. Each row's
/// log-sum-exp is kept as its two parts, the maximum m and log sum exp(z - m), so that log softmax is
/// (z - m) - log sum: z - m is exact, whereas z - lse would lose the digits of a large lse (in float32 at
/// 1e4, a step of 1e-3).
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
        var n = logits.Dims[0];
        var (shift, logSum) = (Tensor.Empty([n, 1], logits.DType), Tensor.Empty([n, 1], logits.DType));
        var perRow = Tensor.Empty([n], logits.DType);
        var total = logits.Backend.CrossEntropy(logits, labels, target, shift, logSum, perRow);
        var result = reduction switch
        {
            Reduction.None => perRow,
            Reduction.Sum => Tensor.Scalar(total, logits.DType),
            Reduction.Mean => Tensor.Scalar(total / n, logits.DType),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "unknown reduction"),
        };
        var op = new CrossEntropyOp(labels is null ? null : (int[])labels.Clone(), reduction, shift, logSum);
        return target is null ? Record(op, result, logits) : Record(op, result, logits, target);
    }


    /// <summary>The weight of each row's loss in the output, given the output's gradient: a [n, 1] column or a scalar.</summary>
    private Tensor RowWeights(Tensor gradOutput, int n) => reduction switch
    {
        Reduction.None => gradOutput.Reshape(n, 1),
        Reduction.Mean => gradOutput / n,
        _ => gradOutput,
    };

    /// <summary>The target as a dense [n, c] tensor: the one-hot rows of the labels, or the given probabilities.</summary>
    private Tensor Target(Tensor z)
    {
        if (labels is null)
        {
            return Inputs[1];
        }

        return Tensor.OneHot(labels, z.Dims[1], z.DType);
    }

    /// <summary>
    /// log softmax(z): while recording, recomputed from z so that the softmax's own derivative is part of
    /// the graph (the maximum is a constant shift, which changes nothing); otherwise from the saved parts.
    /// </summary>
    private Tensor LogSoftmax(Tensor z)
    {
        var shifted = z - shift;
        return shifted - (GradMode.IsEnabled ? shifted.Exp().Sum(1, keepDim: true).Log() : logSum);
    }

    /// <summary>softmax(z) * sum(p) - p per row (softmax - onehot for labels), from tensor operations.</summary>
    private Tensor SoftmaxMinusTarget(Tensor z, Tensor logSoftmax)
    {
        var softmax = logSoftmax.Exp();
        var target = Target(z);
        return labels is null ? (softmax * target.Sum(1, keepDim: true)) - target : softmax - target;
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput)
    {
        var z = Inputs[0];
        var weights = RowWeights(gradOutput, z.Dims[0]);
        var soft = labels is null && Inputs[1].RequiresGrad;
        if (GradMode.IsEnabled)
        {
            var logSoftmax = LogSoftmax(z);
            return [z.RequiresGrad ? SoftmaxMinusTarget(z, logSoftmax) * weights : null, soft ? -logSoftmax * weights : null];
        }

        Tensor? dz = null;
        if (z.RequiresGrad)
        {
            dz = Tensor.Empty((int[])z.Dims.Clone(), z.DType);
            z.Backend.SoftmaxMinusTarget(z, shift, logSum, labels, labels is null ? Inputs[1] : null, weights, dz);
        }

        return [dz, soft ? -LogSoftmax(z) * weights : null];
    }

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents)
    {
        var z = Inputs[0];
        var logSoftmax = LogSoftmax(z);
        var perRow = (SoftmaxMinusTarget(z, logSoftmax) * inputTangents[0]).Sum(1);
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
