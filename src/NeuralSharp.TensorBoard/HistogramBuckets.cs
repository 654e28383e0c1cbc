using NeuralSharp.TensorBoard.Proto;

namespace NeuralSharp.TensorBoard;

/// <summary>
/// Histograms with TensorFlow's default bucket limits (those of its histogram summary op and of
/// PyTorch's SummaryWriter): limits growing by 10% from 1e-12 to 1e20 on each side of 0, so that any
/// scale of weight or gradient gets fine buckets; runs of empty buckets are merged into one, as
/// TensorFlow's encoder does, so a record holds only as many buckets as the values fill.
/// </summary>
internal static class HistogramBuckets
{
    /// <summary>The ascending upper limits: -DBL_MAX, ..., -1e-12, 0, 1e-12, ..., DBL_MAX.</summary>
    public static readonly double[] Limits = MakeLimits();

    private static double[] MakeLimits()
    {
        var positive = new List<double>();
        for (var v = 1e-12; v < 1e20; v *= 1.1)
        {
            positive.Add(v);
        }

        positive.Add(double.MaxValue);
        var limits = new double[(2 * positive.Count) + 1];
        for (var i = 0; i < positive.Count; i++)
        {
            limits[positive.Count - 1 - i] = -positive[i];
            limits[positive.Count + 1 + i] = positive[i];
        }

        return limits;
    }

    /// <summary>The index of the bucket holding <paramref name="value"/>: the first whose limit is above it.</summary>
    public static int BucketOf(double value)
    {
        var i = Array.BinarySearch(Limits, value);
        // An exact hit on a limit belongs to the bucket above it, as in TensorFlow (upper_bound).
        i = i >= 0 ? i + 1 : ~i;
        return Math.Min(i, Limits.Length - 1);
    }

    /// <summary>The histogram of <paramref name="values"/>, which must be finite and not empty.</summary>
    public static HistogramProto Build<T>(string tag, ReadOnlySpan<T> values, Func<T, double> toDouble)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException($"histogram '{tag}': no values");
        }

        var counts = new double[Limits.Length];
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, squares = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var v = toDouble(values[i]);
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"histogram '{tag}': value {i} of {values.Length} is {v}; TensorBoard's histograms take finite values only");
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            squares += v * v;
            counts[BucketOf(v)]++;
        }

        var proto = new HistogramProto { Min = min, Max = max, Num = values.Length, Sum = sum, SumSquares = squares };
        for (var i = 0; i < counts.Length;)
        {
            var end = Limits[i];
            var count = counts[i];
            i++;
            if (count <= 0)
            {
                while (i < counts.Length && counts[i] <= 0)
                {
                    end = Limits[i];
                    i++;
                }
            }

            proto.BucketLimit.Add(end);
            proto.Bucket.Add(count);
        }

        return proto;
    }
}
