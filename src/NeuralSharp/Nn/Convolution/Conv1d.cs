namespace NeuralSharp.Nn;

/// <summary>
/// A 1-D convolution layer (PyTorch's <c>nn.Conv1d</c>): the cross-correlation of [N, C, L] (or [C, L])
/// sequences with OutChannels learned kernels of shape [C / groups, k], plus a bias per output channel; a
/// time-delay network over time.
/// </summary>
/// <remarks>Weight [out, in / groups, k] and bias [out] are named and initialised as in PyTorch: uniform in
/// ±1/sqrt(fan_in), fan_in = (in / groups) k.</remarks>
public sealed class Conv1d : Module, IConfigurable<Conv1d, Conv1dConfig>
{
    private const string Name = "Conv1d";

    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public Conv1d(Conv1dConfig config, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = LayerConfig.Validate(config.PaddingPreset == "" ? config : config with { Padding = 0 });
        ConvSupport.CheckPreset(Name, Config.PaddingPreset, new Shape(Config.Stride));
        ConvSupport.CheckGroups(Name, Config.InChannels, Config.OutChannels, Config.Groups);
        var weight = CreateParameter("weight", [Config.OutChannels, Config.InChannels / Config.Groups, Config.KernelSize]);
        var bias = Config.Bias ? CreateParameter("bias", [Config.OutChannels]) : null;
        ConvSupport.Initialise(weight, bias, generator ?? Generator.Default);
    }

    /// <summary>Creates the layer with numeric padding; see <see cref="Conv1dConfig"/>.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, Generator? generator = null)
        : this(new Conv1dConfig(inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias), generator)
    {
    }

    /// <summary>Creates the layer with PyTorch's padding="same" or "valid"; see <see cref="Conv1dConfig"/>.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, string padding, int stride = 1, int dilation = 1, int groups = 1, bool bias = true, Generator? generator = null)
        : this(new Conv1dConfig(inChannels, outChannels, kernelSize, stride, 0, dilation, groups, bias, padding), generator)
    {
    }

    /// <inheritdoc/>
    public Conv1dConfig Config { get; }

    /// <summary>The kernels, shape [out, in / groups, k].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The bias, shape [out], or null for a layer without bias.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <inheritdoc/>
    public static Conv1d Create(Conv1dConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ConvSupport.CheckInput(Name, input, Config.InChannels, 1, Weight);
        var x = input;
        var p = Config.Padding;
        if (Config.PaddingPreset == "same")
        {
            var (left, right) = ConvSupport.SamePadding(Config.KernelSize, Config.Dilation);
            x = left == right ? x : x.Pad([left, right]);
            p = left == right ? left : 0;
        }

        ConvSupport.CheckFits(Name, x, x.Size(-1), Config.KernelSize, 2 * p, Config.Dilation, Weight);
        return Tensor.Conv1d(x, Weight, Bias, Config.Stride, p, Config.Dilation, Config.Groups);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => ConvSupport.Repr(Config.InChannels, Config.OutChannels, new Shape(Config.KernelSize), new Shape(Config.Stride), new Shape(Config.Padding), Config.PaddingPreset, new Shape(Config.Dilation), null, Config.Groups, Config.Bias);
}
