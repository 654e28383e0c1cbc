namespace NeuralSharp.Nn;

/// <summary>1-D max pooling (PyTorch's <c>nn.MaxPool1d</c>): the largest value in each window of [N, C, L] (or [C, L]).</summary>
public sealed class MaxPool1d : Module, IConfigurable<MaxPool1d, MaxPool1dConfig>
{
    private const string Name = "MaxPool1d";

    /// <summary>Creates the layer; see <see cref="MaxPool1dConfig"/>.</summary>
    public MaxPool1d(MaxPool1dConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = LayerConfig.Validate(config.Stride == 0 ? config with { Stride = config.KernelSize } : config);
        PoolSupport.CheckPadding(Name, new Shape(Config.KernelSize), new Shape(Config.Padding));
    }

    /// <summary>Creates the layer; a <paramref name="stride"/> of null means the kernel size.</summary>
    public MaxPool1d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        : this(new MaxPool1dConfig(kernelSize, stride ?? 0, padding, dilation, ceilMode))
    {
    }

    /// <inheritdoc/>
    public MaxPool1dConfig Config { get; }

    /// <inheritdoc/>
    public static MaxPool1d Create(MaxPool1dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        PoolSupport.CheckInput(Name, input, 1);
        return Tensor.MaxPool1d(input, Config.KernelSize, Config.Stride, Config.Padding, Config.Dilation, Config.CeilMode);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"kernel_size={Config.KernelSize}, stride={Config.Stride}, padding={Config.Padding}, dilation={Config.Dilation}, ceil_mode={LayerConfig.PythonRepr(Config.CeilMode)}";
}
