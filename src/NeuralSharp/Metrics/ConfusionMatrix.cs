using System.Globalization;
using System.Text;

namespace NeuralSharp.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs, with precision, recall and F1 per class and their
/// macro averages.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>An empty matrix for <paramref name="classes"/> classes.</summary>
    public ConfusionMatrix(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Classes = classes;
        _counts = new long[classes, classes];
    }

    /// <summary>Builds the matrix from predictions and labels.</summary>
    public static ConfusionMatrix From(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels, int classes)
    {
        var m = new ConfusionMatrix(classes);
        m.Add(predicted, labels);
        return m;
    }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>How many examples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>The total number of examples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Counts more predictions.</summary>
    public void Add(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        Classification.CheckLengths(predicted.Length, labels.Length, "confusion matrix");
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)Classes || (uint)predicted[i] >= (uint)Classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"confusion matrix: class {((uint)labels[i] >= (uint)Classes ? labels[i] : predicted[i])} at position {i} is outside [0, {Classes})");
            }

            _counts[labels[i], predicted[i]]++;
            Total++;
        }
    }

    /// <summary>The fraction of all examples on the diagonal.</summary>
    public double Accuracy => Total == 0 ? 0 : Enumerable.Range(0, Classes).Sum(c => _counts[c, c]) / (double)Total;

    /// <summary>Of the examples predicted as class c, the fraction that were c (0 when none were predicted).</summary>
    public double Precision(int c)
    {
        long column = 0;
        for (var a = 0; a < Classes; a++)
        {
            column += _counts[a, c];
        }

        return column == 0 ? 0 : _counts[c, c] / (double)column;
    }

    /// <summary>Of the examples of class c, the fraction predicted as c (0 when there were none).</summary>
    public double Recall(int c)
    {
        long row = 0;
        for (var p = 0; p < Classes; p++)
        {
            row += _counts[c, p];
        }

        return row == 0 ? 0 : _counts[c, c] / (double)row;
    }

    /// <summary>The harmonic mean of precision and recall of class c.</summary>
    public double F1(int c)
    {
        var (p, r) = (Precision(c), Recall(c));
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>Precision averaged over classes with equal weight.</summary>
    public double MacroPrecision => Enumerable.Range(0, Classes).Average(Precision);

    /// <summary>Recall averaged over classes with equal weight.</summary>
    public double MacroRecall => Enumerable.Range(0, Classes).Average(Recall);

    /// <summary>F1 averaged over classes with equal weight.</summary>
    public double MacroF1 => Enumerable.Range(0, Classes).Average(F1);

    /// <summary>The matrix as a text table: rows are true classes, columns predicted classes.</summary>
    public override string ToString()
    {
        var width = Math.Max(5, Total.ToString(CultureInfo.InvariantCulture).Length + 1);
        var sb = new StringBuilder();
        sb.Append("true\\pred".PadRight(10));
        for (var p = 0; p < Classes; p++)
        {
            sb.Append(p.ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }

        sb.AppendLine();
        for (var a = 0; a < Classes; a++)
        {
            sb.Append(a.ToString(CultureInfo.InvariantCulture).PadRight(10));
            for (var p = 0; p < Classes; p++)
            {
                sb.Append(_counts[a, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}
