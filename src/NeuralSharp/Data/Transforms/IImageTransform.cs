namespace NeuralSharp.Data.Transforms;

/// <summary>
/// One step of an image pipeline (torchvision's transforms): it rewrites one image in place, drawing
/// any randomness from the example's <see cref="TransformRandom"/>. <see cref="TransformedDataset"/>
/// applies it to every example of a batch; <see cref="Compose"/> chains several.
/// </summary>
public interface IImageTransform
{
    /// <summary>Throws an <see cref="ArgumentException"/> when the transform cannot apply to images of <paramref name="shape"/> (checked once, before the first image).</summary>
    void CheckShape(ImageShape shape);

    /// <summary>Transforms one image in place; may run on several threads at once, so it must keep no mutable state.</summary>
    /// <param name="image">The image's <see cref="ImageShape.Size"/> values, C x H x W.</param>
    /// <param name="scratch">A work buffer of the same length whose contents are undefined before and after.</param>
    /// <param name="shape">The image layout.</param>
    /// <param name="random">The example's random stream.</param>
    void Apply(Span<float> image, Span<float> scratch, ImageShape shape, ref TransformRandom random);
}
