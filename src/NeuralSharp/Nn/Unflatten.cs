namespace NeuralSharp.Nn;

/// <summary>
/// Splits one dimension into several (PyTorch's <c>nn.Unflatten</c>), the inverse of <see cref="Flatten"/>:
/// <c>new Unflatten(1, [1, 28, 28])</c> turns [N, 784] into [N, 1, 28, 28], for example to feed flat pixel
/// rows to a layer that wants images.
/// </summary>
/// <remarks>Unlike PyTorch, every size must be given: -1 (infer one size) is not accepted.</remarks>
/// <param name="config">The dimension and the sizes it is split into.</param>
public sealed class Unflatten(UnflattenConfig config) : Module, IConfigurable<Unflatten, UnflattenConfig>
{
    /// <summary>Creates the layer; see <see cref="UnflattenConfig"/>.</summary>
    public Unflatten(int dim, Shape unflattenedSize)
        : this(new UnflattenConfig(dim, unflattenedSize))
    {
    }

    /// <inheritdoc/>
    public UnflattenConfig Config { get; } = Checked(config);

    /// <summary>The dimension split.</summary>
    public int Dim => Config.Dim;

    /// <summary>The sizes it is split into.</summary>
    public Shape UnflattenedSize => Config.UnflattenedSize;

    /// <inheritdoc/>
    public static Unflatten Create(UnflattenConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dim = Dim < 0 ? Dim + input.Rank : Dim;
        if (dim < 0 || dim >= input.Rank)
        {
            throw new ArgumentException($"unflatten: dimension {Dim} is out of range for input of shape {input.Shape}");
        }

        long product = 1;
        foreach (var d in UnflattenedSize)
        {
            product *= d;
        }

        if (product != input.Size(dim))
        {
            throw new ArgumentException($"unflatten: input of shape {input.Shape} has size {input.Size(dim)} at dimension {Dim}, which cannot be split into {UnflattenedSize}");
        }

        var shape = input.Shape.Take(dim).Concat(UnflattenedSize).Concat(input.Shape.Skip(dim + 1)).ToArray();
        return input.Reshape(shape);
    }

    private static UnflattenConfig Checked(UnflattenConfig config)
    {
        LayerConfig.Validate(config);
        return config.UnflattenedSize.Rank > 0
            ? config
            : throw new ArgumentOutOfRangeException(nameof(config), "Unflatten: unflattened_size needs at least one dimension");
    }
}
