namespace NeuralSharp.Nn;

/// <summary>2-D average pooling (PyTorch's <c>nn.AvgPool2d</c>): each window's mean over [N, C, H, W] (or [C, H, W]).</summary>
public sealed class AvgPool2d : Module, IConfigurable<AvgPool2d, AvgPool2dConfig>
{
    private const string Name = "AvgPool2d";

    /// <summary>Creates the layer; see <see cref="AvgPool2dConfig"/>.</summary>
    public AvgPool2d(AvgPool2dConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var kernel = PoolSupport.Kernel(Name, config.KernelSize);
        Config = LayerConfig.Validate(config with
        {
            KernelSize = kernel,
            Stride = ConvSupport.OrDefault(Name, "stride", config.Stride, 2, kernel),
            Padding = ConvSupport.OrDefault(Name, "padding", config.Padding, 2, new Shape(0)),
        });
        PoolSupport.CheckPadding(Name, Config.KernelSize, Config.Padding);
    }

    /// <summary>Creates the layer; a <paramref name="divisorOverride"/> of null divides by the window's size.</summary>
    public AvgPool2d(Shape kernelSize, Shape stride = default, Shape padding = default, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
        : this(new AvgPool2dConfig(kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride ?? 0))
    {
    }

    /// <summary>Creates the layer with a square window; a <paramref name="stride"/> of null means the kernel size.</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
        : this(new AvgPool2dConfig(new Shape(kernelSize), new Shape(stride ?? kernelSize), new Shape(padding), ceilMode, countIncludePad, divisorOverride ?? 0))
    {
    }

    /// <inheritdoc/>
    public AvgPool2dConfig Config { get; }

    /// <inheritdoc/>
    public static AvgPool2d Create(AvgPool2dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        PoolSupport.CheckInput(Name, input, 2);
        return Tensor.AvgPool2d(input, ConvSupport.Pair(Config.KernelSize), ConvSupport.Pair(Config.Stride), ConvSupport.Pair(Config.Padding), Config.CeilMode, Config.CountIncludePad, Config.DivisorOverride == 0 ? null : Config.DivisorOverride);
    }

    /// <inheritdoc/>
    /// <remarks>PyTorch prints only the window: ceil mode, padding counting and the divisor are left out.</remarks>
    protected override string ExtraRepr() =>
        $"kernel_size={ConvSupport.IntOrTuple(Config.KernelSize)}, stride={ConvSupport.IntOrTuple(Config.Stride)}, padding={ConvSupport.IntOrTuple(Config.Padding)}";
}
