using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class DigitImageTests
{
    [Fact]
    public void ADigitDrawnAnywhereIsScaledIntoTwentyPixelsAndCentredByItsMass()
    {
        // A 30 x 60 bar in the top-left corner of a 200 x 200 drawing.
        var ink = new float[200 * 200];
        for (var y = 10; y < 70; y++)
        {
            for (var x = 5; x < 35; x++)
            {
                ink[(y * 200) + x] = 1;
            }
        }

        var image = DigitImage.ToMnist(ink, 200, 200);

        Assert.Equal(784, image.Length);
        var rows = Enumerable.Range(0, 28).Where(r => Enumerable.Range(0, 28).Any(c => image[(r * 28) + c] > 0)).ToArray();
        var cols = Enumerable.Range(0, 28).Where(c => Enumerable.Range(0, 28).Any(r => image[(r * 28) + c] > 0)).ToArray();
        Assert.Equal(20, rows.Length); // the long side fills the 20-pixel box
        Assert.Equal(10, cols.Length);
        double mass = image.Sum(), cx = 0, cy = 0;
        for (var i = 0; i < 784; i++)
        {
            cx += image[i] * (i % 28);
            cy += image[i] * (i / 28);
        }

        Assert.InRange(cx / mass, 13, 14.5);
        Assert.InRange(cy / mass, 13, 14.5);
        Assert.All(image, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void ABlankDrawingIsABlankImageAndAWrongSizeIsRefused()
    {
        Assert.All(DigitImage.ToMnist(new float[50 * 40], 50, 40), v => Assert.Equal(0f, v));
        Assert.Contains("10 x 10", Assert.Throws<ArgumentException>(() => DigitImage.ToMnist(new float[99], 10, 10)).Message);
    }
}
