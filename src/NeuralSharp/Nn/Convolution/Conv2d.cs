namespace NeuralSharp.Nn;

/// <summary>
/// A 2-D convolution layer (PyTorch's <c>nn.Conv2d</c>): the cross-correlation of [N, C, H, W] (or
/// [C, H, W]) images with OutChannels learned kernels of shape [C / groups, kh, kw], plus a bias per output
/// channel. Where a dense layer connects every input to every output, a convolution's unit sees only a
/// window (sparse interactions) and every window position uses the same kernel (parameter sharing), so a
/// shifted input gives a shifted output (translation equivariance).
/// </summary>
/// <remarks>Weight [out, in / groups, kh, kw] and bias [out] are named and initialised as in PyTorch: uniform in
/// ±1/sqrt(fan_in), fan_in = (in / groups) kh kw (kaiming_uniform with a = sqrt 5).</remarks>
public sealed class Conv2d : Module, IConfigurable<Conv2d, Conv2dConfig>
{
    private const string Name = "Conv2d";

    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public Conv2d(Conv2dConfig config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = LayerConfig.Validate(config with
        {
            KernelSize = ConvSupport.Kernel(Name, config.KernelSize, 2),
            Stride = ConvSupport.Expand(Name, "stride", config.Stride, 2, new Shape(1)),
            Padding = ConvSupport.Expand(Name, "padding", config.PaddingPreset == "" ? config.Padding : new Shape(0), 2, new Shape(0)),
            Dilation = ConvSupport.Expand(Name, "dilation", config.Dilation, 2, new Shape(1)),
        });
        ConvSupport.CheckPreset(Name, Config.PaddingPreset, Config.Stride);
        ConvSupport.CheckGroups(Name, Config.InChannels, Config.OutChannels, Config.Groups);
        var weight = CreateParameter("weight", [Config.OutChannels, Config.InChannels / Config.Groups, Config.KernelSize[0], Config.KernelSize[1]]);
        var bias = Config.Bias ? CreateParameter("bias", [Config.OutChannels]) : null;
        ConvSupport.Initialise(weight, bias, generator ?? Generator.Default);
    }

    /// <summary>Creates the layer with numeric padding; see <see cref="Conv2dConfig"/>.</summary>
    public Conv2d(int inChannels, int outChannels, Shape kernelSize, Shape stride = default, Shape padding = default, Shape dilation = default, int groups = 1, bool bias = true, Generator? generator = null)
        : this(new Conv2dConfig(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias), generator)
    {
    }

    /// <summary>Creates the layer with PyTorch's padding="same" or "valid"; see <see cref="Conv2dConfig"/>.</summary>
    public Conv2d(int inChannels, int outChannels, Shape kernelSize, string padding, Shape stride = default, Shape dilation = default, int groups = 1, bool bias = true, Generator? generator = null)
        : this(new Conv2dConfig(inChannels, outChannels, kernelSize, stride, default, dilation, groups, bias, padding), generator)
    {
    }

    /// <summary>Creates the layer with a square kernel and the same stride, padding and dilation in both directions.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, Generator? generator = null)
        : this(new Conv2dConfig(inChannels, outChannels, new Shape(kernelSize), new Shape(stride), new Shape(padding), new Shape(dilation), groups, bias), generator)
    {
    }

    /// <summary>Creates the layer with a square kernel and PyTorch's padding="same" or "valid".</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, string padding, int stride = 1, int dilation = 1, int groups = 1, bool bias = true, Generator? generator = null)
        : this(new Conv2dConfig(inChannels, outChannels, new Shape(kernelSize), new Shape(stride), default, new Shape(dilation), groups, bias, padding), generator)
    {
    }

    /// <inheritdoc/>
    public Conv2dConfig Config { get; }

    /// <summary>The kernels, shape [out, in / groups, kh, kw].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The bias, shape [out], or null for a layer without bias.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <inheritdoc/>
    public static Conv2d Create(Conv2dConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ConvSupport.CheckInput(Name, input, Config.InChannels, 2, Weight);
        var x = input;
        var (k, d) = (ConvSupport.Pair(Config.KernelSize), ConvSupport.Pair(Config.Dilation));
        var p = ConvSupport.Pair(Config.Padding);
        if (Config.PaddingPreset == "same")
        {
            var (top, bottom) = ConvSupport.SamePadding(k.Height, d.Height);
            var (left, right) = ConvSupport.SamePadding(k.Width, d.Width);
            x = top == bottom && left == right ? x : x.Pad([left, right, top, bottom]);
            p = top == bottom && left == right ? (top, left) : (0, 0);
        }

        ConvSupport.CheckFits(Name, x, x.Size(-2), k.Height, 2 * p.Height, d.Height, Weight);
        ConvSupport.CheckFits(Name, x, x.Size(-1), k.Width, 2 * p.Width, d.Width, Weight);
        return Tensor.Conv2d(x, Weight, Bias, ConvSupport.Pair(Config.Stride), p, d, Config.Groups);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => ConvSupport.Repr(Config.InChannels, Config.OutChannels, Config.KernelSize, Config.Stride, Config.Padding, Config.PaddingPreset, Config.Dilation, null, Config.Groups, Config.Bias);
}
