namespace NeuralSharp.Nn;

/// <summary>1-D average pooling (PyTorch's <c>nn.AvgPool1d</c>): each window's mean over [N, C, L] (or [C, L]).</summary>
public sealed class AvgPool1d : Module, IConfigurable<AvgPool1d, AvgPool1dConfig>
{
    private const string Name = "AvgPool1d";

    /// <summary>Creates the layer; see <see cref="AvgPool1dConfig"/>.</summary>
    public AvgPool1d(AvgPool1dConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = LayerConfig.Validate(config.Stride == 0 ? config with { Stride = config.KernelSize } : config);
        PoolSupport.CheckPadding(Name, new Shape(Config.KernelSize), new Shape(Config.Padding));
    }

    /// <summary>Creates the layer; a <paramref name="stride"/> of null means the kernel size.</summary>
    public AvgPool1d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true)
        : this(new AvgPool1dConfig(kernelSize, stride ?? 0, padding, ceilMode, countIncludePad))
    {
    }

    /// <inheritdoc/>
    public AvgPool1dConfig Config { get; }

    /// <inheritdoc/>
    public static AvgPool1d Create(AvgPool1dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        PoolSupport.CheckInput(Name, input, 1);
        return Tensor.AvgPool1d(input, Config.KernelSize, Config.Stride, Config.Padding, Config.CeilMode, Config.CountIncludePad);
    }

    /// <inheritdoc/>
    /// <remarks>PyTorch prints the 1-D average pool's sizes as one-element tuples.</remarks>
    protected override string ExtraRepr() => $"kernel_size=({Config.KernelSize},), stride=({Config.Stride},), padding=({Config.Padding},)";
}
