using SkiaSharp;

namespace NeuralSharp.Tests.TensorBoard;

internal static class TestPng
{
    /// <summary>A real PNG of the given size: a red-to-blue ramp.</summary>
    public static byte[] Make(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(255 * x / Math.Max(1, width - 1)), 0, (byte)(255 * y / Math.Max(1, height - 1))));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
