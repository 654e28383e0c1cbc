using NeuralSharp.Data;

namespace NeuralSharp.Tests.Readme;

/// <summary>
/// Small synthetic digits in MNIST's format (28 x 28, 10 classes) that the README's MNIST snippets run on in
/// place of <c>Mnist.LoadTrain()</c> and <c>Mnist.LoadTest()</c>: class k has a bright band on rows 2k .. 2k + 2
/// over faint noise, so a small network learns them within an epoch or two.
/// </summary>
public static class ReadmeStandIn
{
    public static ImageDataset Train() => Digits(200, seed: 1);

    public static ImageDataset Test() => Digits(60, seed: 2);

    /// <summary>
    /// Digits that stay apart when shifted by two pixels, for the convolutional snippet's random shifts: class
    /// k is a bright 4 x 4 square in cell (k / 5, k % 5) of a 2 x 5 grid whose cells are 14 x 5.6 pixels.
    /// </summary>
    public static ImageDataset Squares(int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * 28 * 28];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            int top = ((labels[i] / 5) * 14) + 5, left = (int)((labels[i] % 5) * 5.6) + 1;
            for (var p = 0; p < 28 * 28; p++)
            {
                int row = p / 28, col = p % 28;
                var square = row >= top && row < top + 4 && col >= left && col < left + 4;
                images[(i * 28 * 28) + p] = square ? 1f : (float)(0.3 * random.NextDouble());
            }
        }

        return new ImageDataset(images, labels, 28, 28, 10);
    }

    private static ImageDataset Digits(int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * 28 * 28];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % 10);
            for (var p = 0; p < 28 * 28; p++)
            {
                var row = p / 28;
                var band = row >= 2 * labels[i] && row < (2 * labels[i]) + 3;
                images[(i * 28 * 28) + p] = band ? 1f : (float)(0.3 * random.NextDouble());
            }
        }

        return new ImageDataset(images, labels, 28, 28, 10);
    }
}
