namespace NeuralSharp.Metrics;

/// <summary>Scores of a classifier's predictions against the true labels.</summary>
public static class Classification
{
    /// <summary>The fraction of rows of <paramref name="scores"/> [n, classes] whose largest score is at the true label.</summary>
    public static double Accuracy(Tensor scores, ReadOnlySpan<int> labels) => Accuracy(Predictions(scores), labels);

    /// <summary>The fraction of predictions equal to the labels.</summary>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        CheckLengths(predicted.Length, labels.Length, "accuracy");
        if (labels.Length == 0)
        {
            return 0;
        }

        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }

        return (double)correct / labels.Length;
    }

    /// <summary>The fraction of examples whose true label is among the <paramref name="k"/> highest scores.</summary>
    public static double TopKAccuracy(Tensor scores, ReadOnlySpan<int> labels, int k)
    {
        if (scores.Rank != 2)
        {
            throw new ArgumentException($"top-k accuracy: scores must be [examples, classes], got {scores.Shape}");
        }

        CheckLengths(scores.Shape[0], labels.Length, "top-k accuracy");
        var classes = scores.Shape[1];
        if (k < 1 || k > classes)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"top-k accuracy: k = {k} must be in [1, {classes}]");
        }

        var values = scores.ToDoubleArray();
        var hits = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var truth = values[(i * classes) + labels[i]];
            var better = 0;
            for (var c = 0; c < classes; c++)
            {
                var v = values[(i * classes) + c];
                // Ties count against the label, so a constant classifier cannot score top-k = 1.
                better += v > truth || (v == truth && c < labels[i]) ? 1 : 0;
            }

            hits += better < k ? 1 : 0;
        }

        return labels.Length == 0 ? 0 : (double)hits / labels.Length;
    }

    /// <summary>The arg-max class of each row of <paramref name="scores"/> [n, classes].</summary>
    public static int[] Predictions(Tensor scores)
    {
        if (scores.Rank != 2)
        {
            throw new ArgumentException($"predictions: scores must be [examples, classes], got {scores.Shape}");
        }

        return scores.ArgMax(1);
    }

    internal static void CheckLengths(int predicted, int labels, string metric)
    {
        if (predicted != labels)
        {
            throw new ArgumentException($"{metric}: {predicted} predictions but {labels} labels");
        }
    }
}
