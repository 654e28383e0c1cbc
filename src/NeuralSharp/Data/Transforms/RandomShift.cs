namespace NeuralSharp.Data.Transforms;

/// <summary>
/// Moves the image by a random whole number of pixels, up to <see cref="MaxShift"/> in each direction,
/// filling the uncovered border with zeros: torchvision's <c>RandomCrop(size, padding: MaxShift)</c> at
/// the image's own size (pad with zeros, crop back at a random offset).
/// </summary>
public sealed class RandomShift : IImageTransform
{
    /// <summary>Shifts by up to <paramref name="maxShift"/> pixels horizontally and vertically, independently.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxShift"/> is negative.</exception>
    public RandomShift(int maxShift)
    {
        if (maxShift < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxShift), maxShift, "random shift: the largest shift must be 0 or more pixels");
        }

        MaxShift = maxShift;
    }

    /// <summary>The largest shift, in pixels, in each direction.</summary>
    public int MaxShift { get; }

    /// <inheritdoc />
    public void CheckShape(ImageShape shape)
    {
        if (MaxShift >= shape.Rows || MaxShift >= shape.Cols)
        {
            throw new ArgumentException($"random shift: a shift of up to {MaxShift} pixels would move a {shape} image out of view; use less than {Math.Min(shape.Rows, shape.Cols)}");
        }
    }

    /// <inheritdoc />
    public void Apply(Span<float> image, Span<float> scratch, ImageShape shape, ref TransformRandom random)
    {
        var dx = random.NextInt(-MaxShift, MaxShift);
        var dy = random.NextInt(-MaxShift, MaxShift);
        if (dx == 0 && dy == 0)
        {
            return;
        }

        image.CopyTo(scratch);
        Shift(scratch, image, shape, dx, dy);
    }

    /// <summary>
    /// Writes <paramref name="source"/> moved by <paramref name="dx"/> pixels to the right and
    /// <paramref name="dy"/> pixels down into <paramref name="destination"/>, with zeros where nothing
    /// moves in: <c>destination[c, y, x] = source[c, y - dy, x - dx]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A span does not hold one image of <paramref name="shape"/>, or they overlap.</exception>
    public static void Shift(ReadOnlySpan<float> source, Span<float> destination, ImageShape shape, int dx, int dy)
    {
        shape.Check(source.Length, "shift source");
        shape.Check(destination.Length, "shift destination");
        if (source.Overlaps(destination))
        {
            throw new ArgumentException("shift: the source and destination must not overlap");
        }

        destination.Clear();
        int rows = shape.Rows, cols = shape.Cols;
        if (Math.Abs(dx) >= cols || Math.Abs(dy) >= rows)
        {
            return;
        }

        var width = cols - Math.Abs(dx);
        int fromX = Math.Max(0, -dx), toX = Math.Max(0, dx);
        for (var c = 0; c < shape.Channels; c++)
        {
            var plane = c * shape.PlaneSize;
            for (var y = Math.Max(0, dy); y < Math.Min(rows, rows + dy); y++)
            {
                source.Slice(plane + ((y - dy) * cols) + fromX, width).CopyTo(destination.Slice(plane + (y * cols) + toX, width));
            }
        }
    }

    /// <summary>Prints the setting.</summary>
    public override string ToString() => $"RandomShift({MaxShift})";
}
