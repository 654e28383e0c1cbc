namespace NeuralSharp.Playground.Rendering;

/// <summary>
/// Small heat maps as <c>data:</c> URLs of 24-bit BMP images: an &lt;img&gt; shows them with no JavaScript, no canvas and no
/// image library, and the browser scales them smoothly.
/// </summary>
public static class BitmapImage
{
    /// <summary>TensorFlow Playground's colours: orange for class 0 (or -1), white in between, blue for class 1 (or +1).</summary>
    public static (byte R, byte G, byte B) Diverging(double t)
    {
        t = Math.Clamp(t, -1, 1);
        (double r, double g, double b) = t < 0 ? (245, 147, 34) : (8, 119, 189);
        var a = Math.Abs(t);
        return ((byte)(255 + ((r - 255) * a)), (byte)(255 + ((g - 255) * a)), (byte)(255 + ((b - 255) * a)));
    }

    /// <summary>Grey levels: 0 black, 1 white (MNIST's white ink on black).</summary>
    public static (byte R, byte G, byte B) Grey(double t)
    {
        var v = (byte)Math.Round(255 * Math.Clamp(t, 0, 1));
        return (v, v, v);
    }

    /// <summary>
    /// A square image of <paramref name="values"/> (row-major, top row first), each mapped by <paramref name="scale"/> and
    /// coloured by <paramref name="palette"/> (<see cref="Diverging"/> over [-1, 1] unless given).
    /// </summary>
    public static string DataUrl(IReadOnlyList<float> values, int side, Func<float, double> scale, Func<double, (byte R, byte G, byte B)>? palette = null)
    {
        palette ??= Diverging;
        var rowBytes = ((side * 3) + 3) / 4 * 4;
        var size = 54 + (rowBytes * side);
        var bmp = new byte[size];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BitConverter.TryWriteBytes(bmp.AsSpan(2), size);
        BitConverter.TryWriteBytes(bmp.AsSpan(10), 54);
        BitConverter.TryWriteBytes(bmp.AsSpan(14), 40);
        BitConverter.TryWriteBytes(bmp.AsSpan(18), side);
        BitConverter.TryWriteBytes(bmp.AsSpan(22), side);
        BitConverter.TryWriteBytes(bmp.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(bmp.AsSpan(28), (short)24);
        BitConverter.TryWriteBytes(bmp.AsSpan(34), rowBytes * side);
        for (var row = 0; row < side; row++)
        {
            // BMP rows run bottom-up, pixels as blue, green, red.
            var at = 54 + ((side - 1 - row) * rowBytes);
            for (var col = 0; col < side; col++)
            {
                var (r, g, b) = palette(scale(values[(row * side) + col]));
                bmp[at++] = b;
                bmp[at++] = g;
                bmp[at++] = r;
            }
        }

        return "data:image/bmp;base64," + Convert.ToBase64String(bmp);
    }
}
