namespace NeuralSharp.Nn;

/// <summary>
/// Average pooling to a fixed output size whatever the input's (PyTorch's <c>nn.AdaptiveAvgPool2d</c>): output
/// cell i averages input rows floor(i H / OH) to ceil((i + 1) H / OH), and likewise for columns; an output
/// size of 1 is global average pooling.
/// </summary>
public sealed class AdaptiveAvgPool2d : Module, IConfigurable<AdaptiveAvgPool2d, AdaptiveAvgPool2dConfig>
{
    private const string Name = "AdaptiveAvgPool2d";

    /// <summary>Creates the layer; see <see cref="AdaptiveAvgPool2dConfig"/>.</summary>
    public AdaptiveAvgPool2d(AdaptiveAvgPool2dConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = LayerConfig.Validate(config.OutputSize.Rank == 0
            ? throw new ArgumentException($"{Name}: output_size is required")
            : config with { OutputSize = ConvSupport.OrDefault(Name, "output_size", config.OutputSize, 2, config.OutputSize) });
    }

    /// <summary>Creates the layer; see <see cref="AdaptiveAvgPool2dConfig"/>.</summary>
    public AdaptiveAvgPool2d(Shape outputSize)
        : this(new AdaptiveAvgPool2dConfig(outputSize))
    {
    }

    /// <summary>Creates the layer with a square output (1 for global average pooling).</summary>
    public AdaptiveAvgPool2d(int outputSize)
        : this(new AdaptiveAvgPool2dConfig(new Shape(outputSize)))
    {
    }

    /// <inheritdoc/>
    public AdaptiveAvgPool2dConfig Config { get; }

    /// <inheritdoc/>
    public static AdaptiveAvgPool2d Create(AdaptiveAvgPool2dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        PoolSupport.CheckInput(Name, input, 2);
        return Tensor.AdaptiveAvgPool2d(input, ConvSupport.Pair(Config.OutputSize));
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size={ConvSupport.IntOrTuple(Config.OutputSize)}";
}
