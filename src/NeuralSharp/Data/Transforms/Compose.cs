namespace NeuralSharp.Data.Transforms;

/// <summary>
/// Several transforms applied one after another, in order (torchvision's <c>Compose</c>); each draws
/// from the same per-example stream, so the whole chain is fixed by the seed, the epoch and the example.
/// </summary>
/// <example>
/// <code>
/// var augment = new Compose(new RandomAffine(10, 0.9, 1.1), new RandomShift(2), new Normalize(0.1307, 0.3081));
/// </code>
/// </example>
public sealed class Compose : IImageTransform
{
    private readonly IImageTransform[] _transforms;

    /// <summary>Chains <paramref name="transforms"/>, first to last.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds a null.</exception>
    public Compose(params IImageTransform[] transforms)
    {
        ArgumentNullException.ThrowIfNull(transforms);
        if (transforms.Length == 0)
        {
            throw new ArgumentException("compose: needs at least one transform", nameof(transforms));
        }

        for (var i = 0; i < transforms.Length; i++)
        {
            if (transforms[i] is null)
            {
                throw new ArgumentException($"compose: transform {i} is null", nameof(transforms));
            }
        }

        _transforms = (IImageTransform[])transforms.Clone();
    }

    /// <summary>The transforms, in the order they run.</summary>
    public IReadOnlyList<IImageTransform> Transforms => _transforms;

    /// <inheritdoc />
    public void CheckShape(ImageShape shape)
    {
        foreach (var t in _transforms)
        {
            t.CheckShape(shape);
        }
    }

    /// <inheritdoc />
    public void Apply(Span<float> image, Span<float> scratch, ImageShape shape, ref TransformRandom random)
    {
        foreach (var t in _transforms)
        {
            t.Apply(image, scratch, shape, ref random);
        }
    }

    /// <summary>Lists the transforms.</summary>
    public override string ToString() => $"Compose({string.Join(", ", _transforms.Select(t => t.ToString()))})";
}
