namespace NeuralSharp.Nn;

/// <summary>Merges dimensions <c>StartDim..EndDim</c> into one (PyTorch's <c>nn.Flatten</c>): by default [N, 28, 28] becomes [N, 784], keeping the batch dimension.</summary>
/// <param name="config">The dimensions merged.</param>
public sealed class Flatten(FlattenConfig config) : Module, IConfigurable<Flatten, FlattenConfig>
{
    /// <summary>Creates the layer; see <see cref="FlattenConfig"/>.</summary>
    public Flatten(int startDim = 1, int endDim = -1)
        : this(new FlattenConfig(startDim, endDim))
    {
    }

    /// <inheritdoc/>
    public FlattenConfig Config { get; } = LayerConfig.Validate(config);

    /// <summary>The first dimension merged.</summary>
    public int StartDim => Config.StartDim;

    /// <summary>The last dimension merged (negative counts from the end).</summary>
    public int EndDim => Config.EndDim;

    /// <inheritdoc/>
    public static Flatten Create(FlattenConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);
}
