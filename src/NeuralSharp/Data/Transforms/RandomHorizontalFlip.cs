namespace NeuralSharp.Data.Transforms;

/// <summary>
/// Mirrors the image left to right with probability <see cref="Probability"/> (torchvision's
/// <c>RandomHorizontalFlip</c>). Right for photographs and clothing (Fashion-MNIST), wrong for digits
/// and letters, whose mirror images are other symbols or none.
/// </summary>
public sealed class RandomHorizontalFlip : IImageTransform
{
    /// <summary>Flips each image with probability <paramref name="probability"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is not in [0, 1].</exception>
    public RandomHorizontalFlip(double probability = 0.5)
    {
        if (!(probability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "random horizontal flip: the probability must be in [0, 1]");
        }

        Probability = probability;
    }

    /// <summary>The chance that an image is flipped.</summary>
    public double Probability { get; }

    /// <inheritdoc />
    public void CheckShape(ImageShape shape)
    {
    }

    /// <inheritdoc />
    public void Apply(Span<float> image, Span<float> scratch, ImageShape shape, ref TransformRandom random)
    {
        if (random.NextBool(Probability))
        {
            Flip(image, shape);
        }
    }

    /// <summary>Mirrors every row of <paramref name="image"/> in place: <c>x</c> becomes <c>cols - 1 - x</c>.</summary>
    /// <exception cref="ArgumentException">The span does not hold one image of <paramref name="shape"/>.</exception>
    public static void Flip(Span<float> image, ImageShape shape)
    {
        shape.Check(image.Length, "flip");
        for (var row = 0; row < shape.Channels * shape.Rows; row++)
        {
            image.Slice(row * shape.Cols, shape.Cols).Reverse();
        }
    }

    /// <summary>Prints the setting.</summary>
    public override string ToString() => $"RandomHorizontalFlip({Probability})";
}
