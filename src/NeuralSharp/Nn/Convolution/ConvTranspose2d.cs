namespace NeuralSharp.Nn;

/// <summary>
/// A 2-D transposed convolution layer (PyTorch's <c>nn.ConvTranspose2d</c>), the adjoint of <see cref="Conv2d"/>:
/// it maps a convolution's output size back to its input size, OH = (H - 1) stride - 2 padding +
/// dilation (kh - 1) + output_padding + 1; the upsampling step of decoders and generators.
/// </summary>
/// <remarks>Weight [in, out / groups, kh, kw] and bias [out] are named and initialised as in PyTorch: uniform in
/// ±1/sqrt(fan_in), where PyTorch takes fan_in from the weight's second dimension, (out / groups) kh kw.</remarks>
public sealed class ConvTranspose2d : Module, IConfigurable<ConvTranspose2d, ConvTranspose2dConfig>
{
    private const string Name = "ConvTranspose2d";

    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public ConvTranspose2d(ConvTranspose2dConfig config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = LayerConfig.Validate(config with
        {
            KernelSize = ConvSupport.Kernel(Name, config.KernelSize, 2),
            Stride = ConvSupport.Expand(Name, "stride", config.Stride, 2, new Shape(1)),
            Padding = ConvSupport.Expand(Name, "padding", config.Padding, 2, new Shape(0)),
            OutputPadding = ConvSupport.Expand(Name, "output_padding", config.OutputPadding, 2, new Shape(0)),
            Dilation = ConvSupport.Expand(Name, "dilation", config.Dilation, 2, new Shape(1)),
        });
        ConvSupport.CheckGroups(Name, Config.InChannels, Config.OutChannels, Config.Groups);
        if (Config.OutputPadding[0] >= Config.Stride[0] || Config.OutputPadding[1] >= Config.Stride[1])
        {
            throw new ArgumentException($"{Name}: output_padding {ConvSupport.Tuple(Config.OutputPadding)} must be smaller than the stride {ConvSupport.Tuple(Config.Stride)}");
        }

        var weight = CreateParameter("weight", [Config.InChannels, Config.OutChannels / Config.Groups, Config.KernelSize[0], Config.KernelSize[1]]);
        var bias = Config.Bias ? CreateParameter("bias", [Config.OutChannels]) : null;
        ConvSupport.Initialise(weight, bias, generator ?? Generator.Default);
    }

    /// <summary>Creates the layer from its settings; see <see cref="ConvTranspose2dConfig"/>.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, Shape kernelSize, Shape stride = default, Shape padding = default, Shape outputPadding = default, int groups = 1, bool bias = true, Shape dilation = default, Generator? generator = null)
        : this(new ConvTranspose2dConfig(inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation), generator)
    {
    }

    /// <summary>Creates the layer with a square kernel and the same stride, padding, output padding and dilation in both directions.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0, int groups = 1, bool bias = true, int dilation = 1, Generator? generator = null)
        : this(new ConvTranspose2dConfig(inChannels, outChannels, new Shape(kernelSize), new Shape(stride), new Shape(padding), new Shape(outputPadding), groups, bias, new Shape(dilation)), generator)
    {
    }

    /// <inheritdoc/>
    public ConvTranspose2dConfig Config { get; }

    /// <summary>The kernels, shape [in, out / groups, kh, kw] (PyTorch's layout for the transposed convolution).</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The bias, shape [out], or null for a layer without bias.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <inheritdoc/>
    public static ConvTranspose2d Create(ConvTranspose2dConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ConvSupport.CheckInput(Name, input, Config.InChannels, 2, Weight);
        var (s, p, d, o, k) = (ConvSupport.Pair(Config.Stride), ConvSupport.Pair(Config.Padding), ConvSupport.Pair(Config.Dilation), ConvSupport.Pair(Config.OutputPadding), ConvSupport.Pair(Config.KernelSize));
        var oh = ((input.Size(-2) - 1) * s.Height) - (2 * p.Height) + (d.Height * (k.Height - 1)) + o.Height + 1;
        var ow = ((input.Size(-1) - 1) * s.Width) - (2 * p.Width) + (d.Width * (k.Width - 1)) + o.Width + 1;
        if (oh < 1 || ow < 1)
        {
            throw new ArgumentException($"{Name}: input {input.Shape} with weight {Weight.Shape} gives an empty output ({oh}x{ow}): the padding {ConvSupport.Tuple(Config.Padding)} removes more than the output has");
        }

        return Tensor.ConvTranspose2d(input, Weight, Bias, s, p, o, Config.Groups, d);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => ConvSupport.Repr(Config.InChannels, Config.OutChannels, Config.KernelSize, Config.Stride, Config.Padding, string.Empty, Config.Dilation, Config.OutputPadding, Config.Groups, Config.Bias);
}
