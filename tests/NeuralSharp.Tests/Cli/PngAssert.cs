using SkiaSharp;

namespace NeuralSharp.Tests.Cli;

/// <summary>Decodes a written PNG and checks that it is a picture of the expected size with something drawn on it.</summary>
internal static class PngAssert
{
    /// <summary>
    /// Fails unless <paramref name="path"/> decodes as a <paramref name="width"/> x <paramref name="height"/> image
    /// in which at least <paramref name="minInkShare"/> of the pixels differ from the white background and at least
    /// <paramref name="minColours"/> distinct colours occur.
    /// </summary>
    public static SKBitmap Drawn(string path, int width, int height, double minInkShare, int minColours)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));

        var ink = 0;
        var colours = new HashSet<uint>();
        foreach (var pixel in bitmap.Pixels)
        {
            colours.Add((uint)pixel);
            if (pixel != SKColors.White)
            {
                ink++;
            }
        }

        var share = ink / (double)(width * height);
        Assert.True(share >= minInkShare, $"{path}: only {share:P2} of the pixels are drawn on (expected at least {minInkShare:P0})");
        Assert.True(colours.Count >= minColours, $"{path}: only {colours.Count} distinct colours (expected at least {minColours})");
        return bitmap;
    }

    /// <summary>How many pixels in columns [<paramref name="x0"/>, <paramref name="x1"/>) are within a small distance of <paramref name="colour"/>.</summary>
    public static int CountNear(SKBitmap bitmap, SKColor colour, int x0, int x1, int tolerance = 12)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - colour.Red) <= tolerance && Math.Abs(p.Green - colour.Green) <= tolerance && Math.Abs(p.Blue - colour.Blue) <= tolerance)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
