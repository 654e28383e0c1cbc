namespace NeuralSharp.Nn;

/// <summary>
/// 2-D max pooling (PyTorch's <c>nn.MaxPool2d</c>): the largest value in each window of [N, C, H, W] (or
/// [C, H, W]). Small shifts of the input change only some of the pooled values (partial translation
/// invariance); on ties the gradient goes to the first maximum, as in PyTorch.
/// </summary>
public sealed class MaxPool2d : Module, IConfigurable<MaxPool2d, MaxPool2dConfig>
{
    private const string Name = "MaxPool2d";

    /// <summary>Creates the layer; see <see cref="MaxPool2dConfig"/>.</summary>
    public MaxPool2d(MaxPool2dConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var kernel = PoolSupport.Kernel(Name, config.KernelSize);
        Config = LayerConfig.Validate(config with
        {
            KernelSize = kernel,
            Stride = ConvSupport.OrDefault(Name, "stride", config.Stride, 2, kernel),
            Padding = ConvSupport.OrDefault(Name, "padding", config.Padding, 2, new Shape(0)),
            Dilation = ConvSupport.OrDefault(Name, "dilation", config.Dilation, 2, new Shape(1)),
        });
        PoolSupport.CheckPadding(Name, Config.KernelSize, Config.Padding);
    }

    /// <summary>Creates the layer; see <see cref="MaxPool2dConfig"/>.</summary>
    public MaxPool2d(Shape kernelSize, Shape stride = default, Shape padding = default, Shape dilation = default, bool ceilMode = false)
        : this(new MaxPool2dConfig(kernelSize, stride, padding, dilation, ceilMode))
    {
    }

    /// <summary>Creates the layer with a square window; a <paramref name="stride"/> of null means the kernel size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
        : this(new MaxPool2dConfig(new Shape(kernelSize), new Shape(stride ?? kernelSize), new Shape(padding), new Shape(dilation), ceilMode))
    {
    }

    /// <inheritdoc/>
    public MaxPool2dConfig Config { get; }

    /// <inheritdoc/>
    public static MaxPool2d Create(MaxPool2dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        PoolSupport.CheckInput(Name, input, 2);
        return Tensor.MaxPool2d(input, ConvSupport.Pair(Config.KernelSize), ConvSupport.Pair(Config.Stride), ConvSupport.Pair(Config.Padding), ConvSupport.Pair(Config.Dilation), Config.CeilMode);
    }

    /// <summary>A ReLU followed by this layer in one pass, the same values and gradients: see <see cref="Sequential"/>.</summary>
    internal Tensor ForwardAfterRelu(Tensor input)
    {
        PoolSupport.CheckInput(Name, input, 2);
        return Tensor.ReluMaxPool2d(input, ConvSupport.Pair(Config.KernelSize), ConvSupport.Pair(Config.Stride), ConvSupport.Pair(Config.Padding), ConvSupport.Pair(Config.Dilation), Config.CeilMode);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"kernel_size={ConvSupport.IntOrTuple(Config.KernelSize)}, stride={ConvSupport.IntOrTuple(Config.Stride)}, padding={ConvSupport.IntOrTuple(Config.Padding)}, dilation={ConvSupport.IntOrTuple(Config.Dilation)}, ceil_mode={LayerConfig.PythonRepr(Config.CeilMode)}";
}
