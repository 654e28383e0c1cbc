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

        return Data.DigitImage.ToMnist(grey, w, h, size);
    }
}
