namespace NeuralSharp.Data;

/// <summary>
/// Prepares a drawn or photographed digit as MNIST's were prepared (LeCun et al.): white ink on black, the digit scaled
/// into a 20 x 20 box and centred by its centre of mass in a 28 x 28 image. Used by <c>neuralsharp predict IMAGE</c> and
/// by the browser playground's drawing pad.
/// </summary>
public static class DigitImage
{
    /// <summary>
    /// The 28 x 28 (or <paramref name="size"/> x <paramref name="size"/>) MNIST-style image of a digit drawn as
    /// <paramref name="ink"/> (row-major, 0 blank to 1 full ink): scaled so that its bounding box fits 20 x 20, by area
    /// averaging, and shifted so that its centre of mass is the image's centre. A blank drawing gives a blank image.
    /// </summary>
    /// <param name="ink">The drawing's pixels, <paramref name="width"/> x <paramref name="height"/>, row-major.</param>
    /// <param name="width">The drawing's width in pixels.</param>
    /// <param name="height">The drawing's height in pixels.</param>
    /// <param name="size">The side of the result (28 for MNIST).</param>
    /// <exception cref="ArgumentException">The ink does not hold width x height pixels, or a size is not positive.</exception>
    public static float[] ToMnist(ReadOnlySpan<float> ink, int width, int height, int size = 28)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (ink.Length != width * height)
        {
            throw new ArgumentException($"digit image: {ink.Length} pixels for a {width} x {height} drawing", nameof(ink));
        }

        var (w, h) = (width, height);
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
