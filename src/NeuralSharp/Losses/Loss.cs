namespace NeuralSharp.Losses;

/// <summary>
/// Losses as functions of tensors (PyTorch's <c>torch.nn.functional</c> losses). Each is composed from
/// differentiable tensor operations (cross-entropy from logits is one fused operation of its own), so
/// reverse mode, forward mode and gradient checks work on it without extra code; the same losses exist
/// as <see cref="ILoss"/> objects.
/// </summary>
/// <remarks>
/// Losses refuse bad input with a message naming the loss: targets whose shape differs from the
/// prediction (no silent broadcasting, which turns a [n] target against a [n, 1] prediction into an
/// n x n loss), class labels outside [0, classes), probabilities outside [0, 1] and labels that must be ±1.
/// </remarks>
public static partial class Loss
{
    internal static Tensor Reduce(Tensor values, Reduction reduction) => reduction switch
    {
        Reduction.Mean => values.Mean(),
        Reduction.Sum => values.Sum(),
        Reduction.None => values,
        _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "unknown reduction"),
    };

    /// <summary>The target in the prediction's element type, after checking that the shapes agree.</summary>
    internal static Tensor SameShapeTarget(string loss, Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (prediction.Shape != target.Shape)
        {
            throw new ArgumentException($"{loss}: target shape {target.Shape} differs from prediction shape {prediction.Shape}", nameof(target));
        }

        return target.To(prediction.DType);
    }

    /// <summary>Throws unless every element lies in [low, high]; NaN fails too.</summary>
    internal static void CheckRange(string loss, string what, Tensor values, double low, double high)
    {
        var v = values.ToDoubleArray();
        for (var i = 0; i < v.Length; i++)
        {
            if (!(v[i] >= low && v[i] <= high))
            {
                throw new ArgumentOutOfRangeException(what, $"{loss}: {what} must lie in [{low}, {high}], but element {i} is {v[i]}");
            }
        }
    }

    /// <summary>Throws unless every element is -1 or +1 (labels of the margin losses).</summary>
    internal static void CheckPlusMinusOne(string loss, Tensor labels)
    {
        var v = labels.ToDoubleArray();
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] is not (1.0 or -1.0))
            {
                throw new ArgumentException($"{loss}: labels must be -1 or +1, but element {i} is {v[i]} (for 0/1 labels use y = 2t - 1)", nameof(labels));
            }
        }
    }

    /// <summary>Logits or log-probabilities as a [batch, classes] matrix: a single example's vector becomes one row.</summary>
    internal static Tensor AsBatch(string loss, Tensor scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.Rank switch
        {
            1 => scores.Unsqueeze(0),
            2 => scores,
            _ => throw new ArgumentException($"{loss}: expects scores of shape [batch, classes] or [classes], got {scores.Shape}", nameof(scores)),
        };
    }

    /// <summary>Throws unless there is one label per example and each lies in [0, classes).</summary>
    internal static void CheckLabels(string loss, int[] labels, int examples, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != examples)
        {
            throw new ArgumentException($"{loss}: {labels.Length} labels for {examples} examples", nameof(labels));
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"{loss}: label {labels[i]} at position {i} is outside [0, {classes})");
            }
        }
    }

    /// <summary>Class indices stored in a tensor (as PyTorch's integer targets), checked to be whole numbers.</summary>
    internal static int[] LabelsOf(string loss, Tensor target)
    {
        var v = target.ToDoubleArray();
        var labels = new int[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] != Math.Floor(v[i]) || Math.Abs(v[i]) > int.MaxValue)
            {
                throw new ArgumentException($"{loss}: class label at position {i} is {v[i]}, not a whole number", nameof(target));
            }

            labels[i] = (int)v[i];
        }

        return labels;
    }
}
