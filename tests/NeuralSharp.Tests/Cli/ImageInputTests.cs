using NeuralSharp.Cli.Setup;
using NeuralSharp.Tests.Data;
using SkiaSharp;

namespace NeuralSharp.Tests.Cli;

public class ImageInputTests
{
    /// <summary>A dark, thick "1"-like stroke with a foot, drawn off-centre on white paper.</summary>
    private static void DrawDigit(string path, int width = 100, int height = 60, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = new SKColor(20, 20, 20), StrokeWidth = 6, IsAntialias = true, Style = SKPaintStyle.Stroke };
        canvas.DrawLine(20, 8, 28, 52, ink);
        canvas.DrawLine(14, 52, 40, 52, ink);
        using var image = surface.Snapshot();
        using var data = image.Encode(format, 90);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    [Fact]
    public void ADarkDigitOnWhiteBecomesACentredMnistImage()
    {
        using var dir = new TempDirectory();
        var path = dir.File("digit.png");
        DrawDigit(path);

        var pixels = ImageInput.Load(path);
        Assert.Equal(28 * 28, pixels.Length);
        Assert.All(pixels, v => Assert.InRange(v, 0f, 1f));

        double mass = 0, cx = 0, cy = 0;
        for (var y = 0; y < 28; y++)
        {
            for (var x = 0; x < 28; x++)
            {
                var v = pixels[(y * 28) + x];
                mass += v;
                cx += v * x;
                cy += v * y;
            }
        }

        // Ink is bright (MNIST is white on black) and centred by its centre of mass.
        Assert.True(pixels.Max() > 0.8f, $"brightest pixel {pixels.Max()}");
        Assert.True(mass > 20, $"total ink {mass}");
        Assert.InRange(cx / mass, 12.5, 15.5);
        Assert.InRange(cy / mass, 12.5, 15.5);

        // The background, here the border rows and columns, is black.
        for (var i = 0; i < 28; i++)
        {
            foreach (var v in new[] { pixels[i], pixels[(27 * 28) + i], pixels[i * 28], pixels[(i * 28) + 27] })
            {
                Assert.True(v < 0.05f, $"border pixel {v}");
            }
        }

        // The digit fills a 20-pixel box: its height spans about 20 rows.
        var rows = Enumerable.Range(0, 28).Where(y => Enumerable.Range(0, 28).Any(x => pixels[(y * 28) + x] > 0.1f)).ToArray();
        Assert.InRange(rows.Length, 18, 22);
    }

    [Fact]
    public void TheSixteenPixelVariantFillsItsSmallerBox()
    {
        using var dir = new TempDirectory();
        var path = dir.File("digit.png");
        DrawDigit(path, 60, 100);
        var pixels = ImageInput.Load(path, 16);
        Assert.Equal(256, pixels.Length);
        Assert.Contains(pixels, v => v > 0.5f);
    }

    [Fact]
    public void AFileThatIsNotAnImageGivesAClearError()
    {
        using var dir = new TempDirectory();
        var path = dir.File("not-an-image.png");
        File.WriteAllText(path, "hello, I am text");
        var ex = Assert.Throws<InvalidDataException>(() => ImageInput.Load(path));
        Assert.Contains("not an image", ex.Message);
        Assert.Contains(path, ex.Message);

        var missing = Assert.Throws<FileNotFoundException>(() => ImageInput.Load(dir.File("missing.png")));
        Assert.Contains("missing.png", missing.Message);
        Assert.Contains("is a directory", Assert.Throws<FileNotFoundException>(() => ImageInput.Load(dir.Path)).Message);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png)]
    public void ATruncatedImageIsRefusedNotGuessedAt(SKEncodedImageFormat format)
    {
        // Issue 18, item 14: half a JPEG used to decode, grey-filled, and be classified with confidence.
        using var dir = new TempDirectory();
        var whole = dir.File("whole.img");
        DrawDigit(whole, format: format);
        Assert.Equal(28 * 28, ImageInput.Load(whole).Length);

        var bytes = File.ReadAllBytes(whole);
        var half = dir.File("half.img");
        File.WriteAllBytes(half, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => ImageInput.Load(half));
        Assert.Contains("incomplete", e.Message);
        Assert.Contains(half, e.Message);
    }

    [Fact]
    public void AForgedHugePictureIsRefusedBeforeDecoding()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "huge.png");
        File.WriteAllBytes(path, PngHeaderOnly(100_000, 100_000));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => ImageInput.Load(path));
        Assert.Contains("100000 x 100000 pixels", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000);
    }

    /// <summary>A PNG signature and an IHDR chunk claiming the given size, with a tiny image body.</summary>
    private static byte[] PngHeaderOnly(int width, int height)
    {
        static byte[] Chunk(string type, byte[] data)
        {
            var t = System.Text.Encoding.ASCII.GetBytes(type);
            var crc = Crc32([.. t, .. data]);
            var length = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            var tail = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
            return [.. length, .. t, .. data, .. tail];
        }

        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // 8-bit greyscale
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), .. Chunk("IEND", [])];
    }

    /// <summary>The CRC-32 PNG chunks carry (bitwise, no table: a test needs a few bytes).</summary>
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    [Fact]
    public void ABlankPictureIsAllZero()
    {
        using var dir = new TempDirectory();
        var path = dir.File("blank.png");
        using (var surface = SKSurface.Create(new SKImageInfo(40, 40)))
        {
            surface.Canvas.Clear(SKColors.White);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(path);
            data.SaveTo(file);
        }

        Assert.All(ImageInput.Load(path), v => Assert.Equal(0f, v));
    }
}
