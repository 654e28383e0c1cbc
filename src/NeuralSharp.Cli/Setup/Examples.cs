using NeuralSharp.Data;

namespace NeuralSharp.Cli.Setup;

/// <summary>
/// Examples as the CLI trains on them: <see cref="Count"/> flat rows of <see cref="Inputs"/> values (an image's pixels
/// or a table's features), with a class index per row (classification) or a value per row (regression).
/// </summary>
internal sealed class Examples
{
    public Examples(float[] features, int rows, int cols, int[]? labels, float[]? values)
    {
        if ((labels is null) == (values is null))
        {
            throw new ArgumentException("examples need class labels or target values, not both or neither");
        }

        var count = labels?.Length ?? values!.Length;
        if ((long)count * rows * cols != features.LongLength)
        {
            throw new ArgumentException($"{count} examples of {rows}x{cols} values need {(long)count * rows * cols} values, got {features.Length}");
        }

        Features = features;
        Rows = rows;
        Cols = cols;
        Labels = labels;
        Values = values;
    }

    /// <summary>All rows, row-major.</summary>
    public float[] Features { get; }

    /// <summary>Image height (1 for a table).</summary>
    public int Rows { get; }

    /// <summary>Image width (the feature count for a table).</summary>
    public int Cols { get; }

    public int Inputs => Rows * Cols;

    /// <summary>The class of each row, for classification.</summary>
    public int[]? Labels { get; }

    /// <summary>The target of each row, for regression.</summary>
    public float[]? Values { get; }

    public int Count => Labels?.Length ?? Values!.Length;

    public static Examples From(ImageDataset images) =>
        new(images.Images, images.Rows, images.Cols, Array.ConvertAll(images.Labels, l => (int)l), null);

    /// <summary>Row <paramref name="index"/>'s values (a copy).</summary>
    public float[] Row(int index) => Features.AsSpan(index * Inputs, Inputs).ToArray();

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public Examples Select(IReadOnlyList<int> indices)
    {
        var n = Inputs;
        var features = new float[(long)indices.Count * n];
        for (var k = 0; k < indices.Count; k++)
        {
            Array.Copy(Features, (long)indices[k] * n, features, (long)k * n, n);
        }

        return new Examples(features, Rows, Cols,
            Labels is null ? null : indices.Select(i => Labels[i]).ToArray(),
            Values is null ? null : indices.Select(i => Values[i]).ToArray());
    }

    /// <summary>A copy with every row transformed by <paramref name="scaling"/>.</summary>
    public Examples Scaled(Scaling scaling) => new(scaling.Apply(Features, Inputs), Rows, Cols, Labels, Values);

    /// <summary>
    /// Splits off a share of the rows, drawn at random with <paramref name="seed"/>. For classification the split is
    /// stratified: each class gives the same share (whole rows, largest remainders first), so both parts keep the class mix.
    /// </summary>
    /// <returns>The remaining rows and the rows split off.</returns>
    public (Examples Kept, Examples Taken) Split(double fraction, int seed)
    {
        var random = new Random(seed);
        var total = (int)Math.Round(Count * fraction, MidpointRounding.AwayFromZero);
        var groups = Labels is null
            ? [Enumerable.Range(0, Count).ToArray()]
            : Enumerable.Range(0, Count).GroupBy(i => Labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        foreach (var g in groups)
        {
            random.Shuffle(g);
        }

        // Each group's exact share, rounded down; the rows still missing go to the groups with the largest remainders.
        var exact = groups.Select(g => g.Length * fraction).ToArray();
        var take = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var k in Enumerable.Range(0, groups.Length).OrderByDescending(k => exact[k] - take[k]).ThenBy(k => k).Take(Math.Max(0, total - take.Sum())))
        {
            take[k]++;
        }

        var taken = groups.SelectMany((g, k) => g.Take(take[k])).ToArray();
        var kept = groups.SelectMany((g, k) => g.Skip(take[k])).ToArray();
        random.Shuffle(taken);
        random.Shuffle(kept);
        return (Select(kept), Select(taken));
    }

    /// <summary>
    /// The rows as a <see cref="TensorDataset"/> of [count, inputs]: with class labels (and one-hot targets for the
    /// quadratic cost), or with [count, 1] targets for regression, scaled by <paramref name="target"/> when given.
    /// </summary>
    public TensorDataset ToTensorDataset(bool oneHot, int classes, Scaling? target = null)
    {
        var inputs = Tensor.FromArray(Features, Count, Inputs);
        if (Values is not null)
        {
            var values = target is null ? Values : target.Apply(Values, 1);
            return new TensorDataset(inputs, Tensor.FromArray(values, Count, 1));
        }

        Tensor? targets = null;
        if (oneHot)
        {
            var hot = new float[(long)Count * classes];
            for (var i = 0; i < Count; i++)
            {
                hot[((long)i * classes) + Labels![i]] = 1;
            }

            targets = Tensor.FromArray(hot, Count, classes);
        }

        return new TensorDataset(inputs, targets, Labels);
    }
}
