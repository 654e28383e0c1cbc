namespace NeuralSharp.Data.Transforms;

/// <summary>
/// Subtracts a mean and divides by a standard deviation, per channel (torchvision's <c>Normalize</c>):
/// <c>x' = (x - mean[c]) / std[c]</c>. <see cref="Fit"/> measures both on a data set, so that the data it
/// was fitted on comes out with mean 0 and standard deviation 1 in every channel.
/// </summary>
public sealed class Normalize : IImageTransform
{
    private readonly float[] _mean;
    private readonly float[] _inverseStd;

    /// <summary>One mean and standard deviation for every channel (MNIST: 0.1307, 0.3081).</summary>
    public Normalize(double mean, double std)
        : this([mean], [std])
    {
    }

    /// <summary>A mean and standard deviation per channel, or one of each for all channels.</summary>
    /// <exception cref="ArgumentException">The lists are empty or of different lengths, a mean is not finite or a deviation not positive and finite.</exception>
    public Normalize(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"normalize: needs as many standard deviations as means (at least one), got {mean.Count} means and {std.Count} deviations");
        }

        for (var c = 0; c < mean.Count; c++)
        {
            if (!double.IsFinite(mean[c]))
            {
                throw new ArgumentException($"normalize: mean {c} is {mean[c]}, not a finite number", nameof(mean));
            }

            if (!(std[c] > 0 && double.IsFinite(std[c])))
            {
                throw new ArgumentException($"normalize: standard deviation {c} is {std[c]}; it must be positive and finite", nameof(std));
            }
        }

        Mean = [.. mean];
        Std = [.. std];
        _mean = [.. mean.Select(m => (float)m)];
        _inverseStd = [.. std.Select(s => (float)(1 / s))];
    }

    /// <summary>The means, one per channel (or one for all).</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>The standard deviations, one per channel (or one for all).</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>
    /// Measures each channel's mean and population standard deviation (dividing by the number of
    /// values) over every example of <paramref name="dataset"/>, accumulated in double.
    /// </summary>
    /// <param name="dataset">Examples whose inputs are flat images of <paramref name="shape"/>.</param>
    /// <param name="shape">The image layout.</param>
    /// <returns>The normalisation that maps the data set to mean 0, standard deviation 1 per channel.</returns>
    /// <exception cref="ArgumentException">The data set is empty, its examples are not images of <paramref name="shape"/>, or a channel is constant.</exception>
    public static Normalize Fit(IDataset dataset, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Count == 0)
        {
            throw new ArgumentException("normalize: cannot fit on an empty data set", nameof(dataset));
        }

        var sum = new double[shape.Channels];
        var sumOfSquares = new double[shape.Channels];
        const int chunk = 256;
        var indices = new int[chunk];
        for (var start = 0; start < dataset.Count; start += chunk)
        {
            var n = Math.Min(chunk, dataset.Count - start);
            for (var i = 0; i < n; i++)
            {
                indices[i] = start + i;
            }

            var inputs = dataset.GetBatch(indices.AsSpan(0, n)).Inputs;
            if (inputs.Count != (long)n * shape.Size)
            {
                throw new ArgumentException($"normalize: examples of shape {inputs.Shape} are not images of {shape}", nameof(shape));
            }

            var values = inputs.ToDoubleArray();
            for (var k = 0; k < values.Length; k++)
            {
                var c = k % shape.Size / shape.PlaneSize;
                sum[c] += values[k];
                sumOfSquares[c] += values[k] * values[k];
            }
        }

        var count = (double)dataset.Count * shape.PlaneSize;
        var mean = new double[shape.Channels];
        var std = new double[shape.Channels];
        for (var c = 0; c < shape.Channels; c++)
        {
            mean[c] = sum[c] / count;
            std[c] = Math.Sqrt(Math.Max(0, (sumOfSquares[c] / count) - (mean[c] * mean[c])));
            if (!(std[c] > 0))
            {
                throw new ArgumentException($"normalize: channel {c} is constant ({mean[c]}) over the data set, so it has no standard deviation to divide by", nameof(dataset));
            }
        }

        return new Normalize(mean, std);
    }

    /// <inheritdoc />
    public void CheckShape(ImageShape shape)
    {
        if (_mean.Length != 1 && _mean.Length != shape.Channels)
        {
            throw new ArgumentException($"normalize: {_mean.Length} means and deviations do not fit images of {shape} ({shape.Channels} channels)");
        }
    }

    /// <inheritdoc />
    public void Apply(Span<float> image, Span<float> scratch, ImageShape shape, ref TransformRandom random)
    {
        for (var c = 0; c < shape.Channels; c++)
        {
            var k = _mean.Length == 1 ? 0 : c;
            float mean = _mean[k], inverse = _inverseStd[k];
            foreach (ref var v in image.Slice(c * shape.PlaneSize, shape.PlaneSize))
            {
                v = (v - mean) * inverse;
            }
        }
    }

    /// <summary>Prints the settings.</summary>
    public override string ToString() => $"Normalize(mean=[{string.Join(", ", Mean)}], std=[{string.Join(", ", Std)}])";
}
