using NeuralSharp.Data;

namespace NeuralSharp.Tests.Training;

/// <summary>
/// Stand-in images for the demos that run on MNIST: ten classes of 8 x 8 "images", each a point of a shared
/// low-dimensional latent space mapped to pixels by one fixed random matrix, with per-example latent spread and
/// strong pixel noise. What a network learns about the shared map from some classes helps with the others,
/// as strokes learnt from digits 0-4 help with 5-9.
/// </summary>
internal static class SyntheticDigits
{
    public const int Side = 8;
    /// <param name="trainCount">Training images, the classes in turn.</param>
    /// <param name="testCount">Test images.</param>
    /// <param name="pixelNoise">The standard deviation of each pixel's noise (the signal's is about 1.5).</param>
    /// <param name="latent">The latent space's dimension: with 2, the source classes of the transfer demo span all of it.</param>
    /// <param name="seed">Seeds the map, the class centres and the images.</param>
    public static (ImageDataset Train, ImageDataset Test) Create(int trainCount, int testCount, double pixelNoise = 1, int latent = 6, int seed = 3)
    {
        var g = new Generator(seed);
        var map = Enumerable.Range(0, Side * Side * latent).Select(_ => g.NextNormal() / Math.Sqrt(latent)).ToArray();
        var centres = Enumerable.Range(0, 10 * latent).Select(_ => 1.5 * g.NextNormal()).ToArray();
        return (Images(trainCount, latent, map, centres, pixelNoise, g), Images(testCount, latent, map, centres, pixelNoise, g));
    }

    private static ImageDataset Images(int count, int latent, double[] map, double[] centres, double pixelNoise, Generator g)
    {
        var pixels = new float[count * Side * Side];
        var labels = new byte[count];
        var z = new double[latent];
        for (var n = 0; n < count; n++)
        {
            var c = n % 10;
            labels[n] = (byte)c;
            for (var j = 0; j < latent; j++)
            {
                z[j] = centres[(c * latent) + j] + (0.5 * g.NextNormal());
            }

            for (var p = 0; p < Side * Side; p++)
            {
                var v = pixelNoise * g.NextNormal();
                for (var j = 0; j < latent; j++)
                {
                    v += map[(p * latent) + j] * z[j];
                }

                pixels[(n * Side * Side) + p] = (float)v;
            }
        }

        return new ImageDataset(pixels, labels, Side, Side, 10);
    }
}
