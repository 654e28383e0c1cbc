using System.Globalization;

namespace NeuralSharp.Data.Transforms;

/// <summary>
/// Adds independent Gaussian noise N(0, <see cref="Std"/>²) to every pixel, then (by default) clips to [0, 1]: the
/// corruption a denoising autoencoder learns to undo (see <see cref="DenoisingData"/>). The noise is drawn from the
/// example's <see cref="TransformRandom"/>, so it is the same for a seed and an epoch whatever the thread count, and new
/// each epoch.
/// </summary>
public sealed class GaussianNoise : IImageTransform
{
    /// <summary>Noise of standard deviation <paramref name="std"/>, clipped to [0, 1] unless <paramref name="clip"/> is false.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="std"/> is negative or not finite.</exception>
    public GaussianNoise(double std, bool clip = true)
    {
        if (!(std >= 0) || double.IsInfinity(std))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "gaussian noise: the standard deviation must be 0 or more and finite");
        }

        Std = std;
        Clip = clip;
    }

    /// <summary>The noise's standard deviation.</summary>
    public double Std { get; }

    /// <summary>Whether noisy pixels are clipped to [0, 1].</summary>
    public bool Clip { get; }

    /// <inheritdoc />
    public void CheckShape(ImageShape shape)
    {
    }

    /// <inheritdoc />
    public void Apply(Span<float> image, Span<float> scratch, ImageShape shape, ref TransformRandom random)
    {
        // Box-Muller, both values of each pair used.
        for (var i = 0; i < image.Length; i += 2)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var r = Std * Math.Sqrt(-2.0 * Math.Log(u1));
            image[i] = Noisy(image[i], r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < image.Length)
            {
                image[i + 1] = Noisy(image[i + 1], r * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    /// <summary>Prints the settings.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"GaussianNoise(std={Std}, clip={Clip})");

    private float Noisy(float pixel, double noise)
    {
        var v = pixel + noise;
        return (float)(Clip ? Math.Clamp(v, 0, 1) : v);
    }
}
