namespace NeuralSharp.Data.Transforms;

/// <summary>
/// A small random rotation and scaling about the image centre, as one affine map sampled bilinearly with
/// zeros outside the image (torchvision's <c>RandomAffine(degrees, scale: (min, max))</c>): the angle is
/// uniform in [-<see cref="MaxDegrees"/>, <see cref="MaxDegrees"/>], the scale uniform in
/// [<see cref="MinScale"/>, <see cref="MaxScale"/>].
/// </summary>
public sealed class RandomAffine : IImageTransform
{
    /// <summary>Rotates by up to <paramref name="maxDegrees"/> either way and scales by a factor in [<paramref name="minScale"/>, <paramref name="maxScale"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The angle is negative, above 180 or not a number, or a scale is not positive and finite.</exception>
    /// <exception cref="ArgumentException"><paramref name="minScale"/> is above <paramref name="maxScale"/>.</exception>
    public RandomAffine(double maxDegrees, double minScale = 1, double maxScale = 1)
    {
        if (!(maxDegrees is >= 0 and <= 180))
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegrees), maxDegrees, "random affine: the largest rotation must be in [0, 180] degrees");
        }

        CheckScale(minScale, nameof(minScale));
        CheckScale(maxScale, nameof(maxScale));
        if (minScale > maxScale)
        {
            throw new ArgumentException($"random affine: the smallest scale {minScale} is above the largest {maxScale}", nameof(minScale));
        }

        MaxDegrees = maxDegrees;
        MinScale = minScale;
        MaxScale = maxScale;
    }

    /// <summary>The largest rotation, in degrees, either way.</summary>
    public double MaxDegrees { get; }

    /// <summary>The smallest scale factor.</summary>
    public double MinScale { get; }

    /// <summary>The largest scale factor.</summary>
    public double MaxScale { get; }

    /// <inheritdoc />
    public void CheckShape(ImageShape shape)
    {
    }

    /// <inheritdoc />
    public void Apply(Span<float> image, Span<float> scratch, ImageShape shape, ref TransformRandom random)
    {
        var angle = random.NextDouble(-MaxDegrees, MaxDegrees);
        var scale = random.NextDouble(MinScale, MaxScale);
        image.CopyTo(scratch);
        Warp(scratch, image, shape, angle, scale);
    }

    /// <summary>
    /// Writes <paramref name="source"/> rotated anticlockwise (as seen on screen) by
    /// <paramref name="angleDegrees"/> and scaled by <paramref name="scale"/> about its centre into
    /// <paramref name="destination"/>. Each output pixel is the bilinear interpolation of the source at
    /// the inverse-mapped point, with zeros outside; angle 0 and scale 1 copy the image exactly.
    /// </summary>
    /// <exception cref="ArgumentException">A span does not hold one image of <paramref name="shape"/>, they overlap, or the angle or scale is unusable.</exception>
    public static void Warp(ReadOnlySpan<float> source, Span<float> destination, ImageShape shape, double angleDegrees, double scale)
    {
        shape.Check(source.Length, "warp source");
        shape.Check(destination.Length, "warp destination");
        if (source.Overlaps(destination))
        {
            throw new ArgumentException("warp: the source and destination must not overlap");
        }

        if (!double.IsFinite(angleDegrees))
        {
            throw new ArgumentOutOfRangeException(nameof(angleDegrees), angleDegrees, "warp: the angle must be finite");
        }

        CheckScale(scale, nameof(scale));

        // Inverse map: source = centre + R(-angle) (output - centre) / scale, in y-down pixel coordinates.
        var radians = angleDegrees * (Math.PI / 180);
        double cos = Math.Cos(radians) / scale, sin = Math.Sin(radians) / scale;
        int rows = shape.Rows, cols = shape.Cols;
        double cx = (cols - 1) / 2.0, cy = (rows - 1) / 2.0;
        for (var c = 0; c < shape.Channels; c++)
        {
            var plane = source.Slice(c * shape.PlaneSize, shape.PlaneSize);
            var output = destination.Slice(c * shape.PlaneSize, shape.PlaneSize);
            for (var y = 0; y < rows; y++)
            {
                var dy = y - cy;
                for (var x = 0; x < cols; x++)
                {
                    var dx = x - cx;
                    var sx = cx + (cos * dx) - (sin * dy);
                    var sy = cy + (sin * dx) + (cos * dy);
                    output[(y * cols) + x] = Sample(plane, rows, cols, sx, sy);
                }
            }
        }
    }

    /// <summary>Prints the settings.</summary>
    public override string ToString() => $"RandomAffine(degrees={MaxDegrees}, scale=({MinScale}, {MaxScale}))";

    private static float Sample(ReadOnlySpan<float> plane, int rows, int cols, double sx, double sy)
    {
        if (!(sx > -1 && sx < cols && sy > -1 && sy < rows))
        {
            return 0f;
        }

        var x0 = (int)Math.Floor(sx);
        var y0 = (int)Math.Floor(sy);
        var fx = sx - x0;
        var fy = sy - y0;
        var top = ((1 - fx) * Pixel(plane, rows, cols, x0, y0)) + (fx == 0 ? 0 : fx * Pixel(plane, rows, cols, x0 + 1, y0));
        if (fy == 0)
        {
            return (float)top;
        }

        var bottom = ((1 - fx) * Pixel(plane, rows, cols, x0, y0 + 1)) + (fx == 0 ? 0 : fx * Pixel(plane, rows, cols, x0 + 1, y0 + 1));
        return (float)(((1 - fy) * top) + (fy * bottom));
    }

    private static double Pixel(ReadOnlySpan<float> plane, int rows, int cols, int x, int y) =>
        (uint)x < (uint)cols && (uint)y < (uint)rows ? plane[(y * cols) + x] : 0.0;

    private static void CheckScale(double scale, string name)
    {
        if (!(scale > 0 && double.IsFinite(scale)))
        {
            throw new ArgumentOutOfRangeException(name, scale, "random affine: a scale factor must be positive and finite");
        }
    }
}
