namespace NeuralSharp.Data.Transforms;

/// <summary>
/// The layout of one image inside a flat example row: <see cref="Channels"/> planes of
/// <see cref="Rows"/> x <see cref="Cols"/> pixels, channel-major then row-major (PyTorch's C x H x W).
/// </summary>
public readonly record struct ImageShape
{
    /// <summary>Describes an image of <paramref name="channels"/> x <paramref name="rows"/> x <paramref name="cols"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public ImageShape(int channels, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        if ((long)channels * rows * cols > int.MaxValue)
        {
            throw new ArgumentException($"image shape: {channels}x{rows}x{cols} has more than {int.MaxValue} values");
        }

        Channels = channels;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>Colour planes (1 for grey-scale).</summary>
    public int Channels { get; }

    /// <summary>Image height.</summary>
    public int Rows { get; }

    /// <summary>Image width.</summary>
    public int Cols { get; }

    /// <summary>Values in one plane: <see cref="Rows"/> x <see cref="Cols"/>.</summary>
    public int PlaneSize => Rows * Cols;

    /// <summary>Values in one image: <see cref="Channels"/> x <see cref="Rows"/> x <see cref="Cols"/>.</summary>
    public int Size => Channels * Rows * Cols;

    /// <summary>A grey-scale image of <paramref name="rows"/> x <paramref name="cols"/> pixels.</summary>
    public static ImageShape Grey(int rows, int cols) => new(1, rows, cols);

    /// <summary>Prints as C x H x W.</summary>
    public override string ToString() => $"{Channels}x{Rows}x{Cols}";

    /// <summary>Throws unless <paramref name="length"/> values are exactly one image of this shape.</summary>
    internal void Check(int length, string what)
    {
        if (length != Size)
        {
            throw new ArgumentException($"{what}: an image of {this} has {Size} values, got {length}");
        }
    }
}
