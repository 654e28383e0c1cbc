namespace NeuralSharp.Data.Transforms;

/// <summary>
/// Training pairs for a denoising autoencoder (Vincent et al., 2008): each example's input is its image corrupted by a
/// seeded transform (such as <see cref="GaussianNoise"/>), drawn anew every epoch, and its target is the clean image.
/// </summary>
public static class DenoisingData
{
    /// <summary>The pairs (corrupted image, clean image) for every row of <paramref name="images"/>.</summary>
    /// <param name="images">Flat images of <paramref name="shape"/>, [N, shape.Size].</param>
    /// <param name="shape">The images' layout.</param>
    /// <param name="noise">The corruption, applied to the inputs only.</param>
    /// <param name="seed">Fixes the corruption's draws.</param>
    /// <example>
    /// <code>
    /// var pairs = DenoisingData.Pairs(images, ImageShape.Grey(28, 28), new GaussianNoise(0.4), seed: 1);
    /// Trainer.Fit(autoencoder, new MseLoss(), new Adam(autoencoder.Parameters()), pairs, options);
    /// </code>
    /// </example>
    public static TransformedDataset Pairs(Tensor images, ImageShape shape, IImageTransform noise, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        return new TransformedDataset(new TensorDataset(images, images), shape, noise, seed);
    }
}
