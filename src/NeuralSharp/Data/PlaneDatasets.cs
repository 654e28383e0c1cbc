namespace NeuralSharp.Data;

/// <summary>The two-class point sets of TensorFlow Playground, in the square [-6, 6]².</summary>
public enum PlaneDataset
{
    /// <summary>A disc of one class inside a ring of the other.</summary>
    Circle,

    /// <summary>The four quadrants, the class the sign of x1 x2: no single line separates them.</summary>
    Xor,

    /// <summary>Two Gaussian blobs, linearly separable.</summary>
    Gaussians,

    /// <summary>Two interleaved spiral arms, the hardest.</summary>
    Spiral,
}

/// <summary>
/// Draws the playground's 2-D data sets: <see cref="Generate"/> gives points [n, 2] in [-6, 6]² with labels 0 and 1,
/// seeded, half of each class (as TensorFlow Playground draws them; noise blurs the classes' border).
/// </summary>
public static class PlaneDatasets
{
    /// <summary>The half-width of the square the points lie in.</summary>
    public const double Extent = 6;

    /// <summary>Draws <paramref name="count"/> points of <paramref name="kind"/>.</summary>
    /// <param name="kind">Which data set.</param>
    /// <param name="count">How many points (even counts split exactly in half).</param>
    /// <param name="noise">How far the classes overlap, in [0, 0.5]: 0 gives clean classes.</param>
    /// <param name="generator">The random source.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 2 or the noise outside [0, 0.5].</exception>
    public static TensorDataset Generate(PlaneDataset kind, int count, double noise, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        ArgumentNullException.ThrowIfNull(generator);
        if (!(noise >= 0 && noise <= 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), $"plane data set: noise must lie in [0, 0.5], got {noise}");
        }

        var points = new float[count * 2];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            var label = i < count / 2 ? 1 : 0;
            var (x, y) = kind switch
            {
                PlaneDataset.Circle => Circle(label, noise, generator),
                PlaneDataset.Xor => Xor(label, noise, generator),
                PlaneDataset.Gaussians => Gaussian(label, noise, generator),
                PlaneDataset.Spiral => Spiral(label, i < count / 2 ? i : i - (count / 2), Math.Max(1, count / 2), noise, generator),
            };
            points[2 * i] = (float)Math.Clamp(x, -Extent, Extent);
            points[(2 * i) + 1] = (float)Math.Clamp(y, -Extent, Extent);
            labels[i] = label;
        }

        return new TensorDataset(Tensor.FromArray(points, count, 2), labels);
    }

    private static double Uniform(Generator g, double low, double high) => low + ((high - low) * g.NextDouble());

    // Class 1 inside radius 2.5, class 0 in the ring from 3.5 to 5; noise moves points by up to noise * 5 in each coordinate.
    private static (double, double) Circle(int label, double noise, Generator g)
    {
        var radius = label == 1 ? Uniform(g, 0, 2.5) : Uniform(g, 3.5, 5);
        var angle = Uniform(g, 0, 2 * Math.PI);
        return ((radius * Math.Sin(angle)) + Uniform(g, -5, 5) * noise, (radius * Math.Cos(angle)) + (Uniform(g, -5, 5) * noise));
    }

    // A point in the quadrants where sign(x y) matches the class, kept 0.3 away from the axes, then jittered.
    private static (double, double) Xor(int label, double noise, Generator g)
    {
        var x = Uniform(g, 0.3, 5) * (g.NextDouble() < 0.5 ? -1 : 1);
        var y = Uniform(g, 0.3, 5) * (label == 1 ? Math.Sign(x) : -Math.Sign(x));
        return (x + (Uniform(g, -5, 5) * noise), y + (Uniform(g, -5, 5) * noise));
    }

    // Blobs centred at (2, 2) and (-2, -2); the spread grows with the noise.
    private static (double, double) Gaussian(int label, double noise, Generator g)
    {
        var centre = label == 1 ? 2.0 : -2.0;
        var spread = 0.5 + (noise * 3);
        return (centre + (g.NextNormal() * spread), centre + (g.NextNormal() * spread));
    }

    // Arm k of an Archimedean spiral: radius grows with the index; the second arm is the first turned by pi.
    private static (double, double) Spiral(int label, int index, int perArm, double noise, Generator g)
    {
        var r = 5.0 * index / perArm;
        var t = (1.75 * index / perArm * 2 * Math.PI) + (label == 1 ? 0 : Math.PI);
        return ((r * Math.Sin(t)) + (Uniform(g, -1, 1) * noise * 5), (r * Math.Cos(t)) + (Uniform(g, -1, 1) * noise * 5));
    }
}
