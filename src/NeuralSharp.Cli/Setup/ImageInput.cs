using SkiaSharp;

namespace NeuralSharp.Cli.Setup;

/// <summary>
/// Turns a picture of a digit (PNG or JPEG, any size and colour) into MNIST's format: 28 x 28 grey levels
/// in [0, 1], white ink on black, the digit scaled into a 20 x 20 box and centred by its centre of mass,
/// as the original data set was prepared.
/// </summary>
internal static class ImageInput
{
    /// <summary>The largest picture accepted (a 16-megapixel photo), so that decoding stays bounded.</summary>
    public const long MaxPixels = 16_000_000;

    public static float[] Load(string path, int size = 28)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"image '{path}' is a directory, not a file" : $"image '{path}' does not exist");
        }

        // A FIFO or a device would block the decoder or feed it forever.
        using (IO.RegularFile.OpenRead(path))
        {
        }

        // Read the header first: a forged size must not make the decoder allocate gigabytes.
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException($"'{path}' is not an image that can be read (PNG or JPEG expected)");
        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            throw new InvalidDataException($"'{path}' is {codec.Info.Width} x {codec.Info.Height} pixels; pictures of up to {MaxPixels:N0} pixels are accepted");
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());

        // A truncated file decodes "successfully" into a picture whose missing part is filled in, and would be classified.
        if (decoded != SKCodecResult.Success)
        {
            throw new InvalidDataException(decoded == SKCodecResult.IncompleteInput
                ? $"'{path}' is incomplete (the image data ends early): the file was cut short"
                : $"'{path}' could not be decoded ({decoded}): the image data is corrupt");
        }

        var (w, h) = (bitmap.Width, bitmap.Height);
        var grey = new float[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var alpha = c.Alpha / 255f;
                // Transparent pixels count as background (white paper).
                var luminance = ((0.299f * c.Red) + (0.587f * c.Green) + (0.114f * c.Blue)) / 255f;
                grey[(y * w) + x] = (alpha * luminance) + (1 - alpha);
            }
        }

        // Dark ink on light paper is the usual picture; MNIST is the opposite.
        if (grey.Average() > 0.5f)
        {
            for (var i = 0; i < grey.Length; i++)
            {
                grey[i] = 1 - grey[i];
            }
        }

        return Normalise(grey, w, h, size);
    }

    internal static float[] Normalise(float[] ink, int w, int h, int size)
    {
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                if (ink[(y * w) + x] > 0.1f)
                {
                    (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
                }
            }
        }

        var result = new float[size * size];
        if (maxX < 0)
        {
            return result; // a blank picture
        }

        var box = size * 20 / 28;
        var scale = box / (float)Math.Max(maxX - minX + 1, maxY - minY + 1);
        var (bw, bh) = (Math.Max(1, (int)MathF.Round((maxX - minX + 1) * scale)), Math.Max(1, (int)MathF.Round((maxY - minY + 1) * scale)));
        var scaled = new float[bw * bh];
        for (var y = 0; y < bh; y++)
        {
            for (var x = 0; x < bw; x++)
            {
                // Area average over the source pixels that fall into this target pixel.
                int x0 = minX + (int)(x / scale), x1 = Math.Max(x0 + 1, minX + (int)((x + 1) / scale));
                int y0 = minY + (int)(y / scale), y1 = Math.Max(y0 + 1, minY + (int)((y + 1) / scale));
                float sum = 0;
                var n = 0;
                for (var sy = y0; sy < Math.Min(y1, h); sy++)
                {
                    for (var sx = x0; sx < Math.Min(x1, w); sx++)
                    {
                        sum += ink[(sy * w) + sx];
                        n++;
                    }
                }

                scaled[(y * bw) + x] = n == 0 ? 0 : sum / n;
            }
        }

        double mass = 0, cx = 0, cy = 0;
        for (var y = 0; y < bh; y++)
        {
            for (var x = 0; x < bw; x++)
            {
                var v = scaled[(y * bw) + x];
                mass += v;
                cx += v * x;
                cy += v * y;
            }
        }

        var offX = (int)Math.Round((size / 2.0) - (mass > 0 ? cx / mass : bw / 2.0));
        var offY = (int)Math.Round((size / 2.0) - (mass > 0 ? cy / mass : bh / 2.0));
        for (var y = 0; y < bh; y++)
        {
            for (var x = 0; x < bw; x++)
            {
                var (tx, ty) = (x + offX, y + offY);
                if (tx >= 0 && tx < size && ty >= 0 && ty < size)
                {
                    result[(ty * size) + tx] = Math.Clamp(scaled[(y * bw) + x], 0, 1);
                }
            }
        }

        return result;
    }
}
