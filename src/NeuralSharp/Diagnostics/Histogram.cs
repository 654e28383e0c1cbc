namespace NeuralSharp.Diagnostics;

/// <summary>
/// Counts of values in equal-width bins between <see cref="Min"/> and <see cref="Max"/> (the values' own range),
/// as the diagnostics plots draw them.
/// </summary>
/// <param name="Min">The smallest value, the lower edge of the first bin.</param>
/// <param name="Max">The largest value, the upper edge of the last bin.</param>
/// <param name="Counts">How many values fell in each bin; the last bin includes <see cref="Max"/>.</param>
public sealed record Histogram(double Min, double Max, long[] Counts)
{
    /// <summary>The number of values counted.</summary>
    public long Total => Counts.Sum();

    /// <summary>The centre of bin <paramref name="bin"/>.</summary>
    public double Centre(int bin) => Min + ((bin + 0.5) * (Max - Min) / Counts.Length);

    /// <summary>The histogram of <paramref name="values"/> in <paramref name="bins"/> bins; non-finite values are left out.</summary>
    public static Histogram Of(ReadOnlySpan<double> values, int bins = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var counts = new long[bins];
        if (min > max)
        {
            return new Histogram(0, 0, counts);
        }

        // A constant tensor (a fresh bias, a dead layer's outputs) still gets a visible bar.
        var width = max > min ? (max - min) / bins : 1.0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
            }
        }

        return new Histogram(min, max > min ? max : min + 1, counts);
    }
}
