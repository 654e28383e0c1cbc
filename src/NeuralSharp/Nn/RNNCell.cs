namespace NeuralSharp.Nn;

/// <summary>
/// One step of an Elman recurrent network (PyTorch's <c>nn.RNNCell</c>): from an input x [N, input] and the
/// previous state h [N, hidden], the next state h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh). It takes two
/// tensors, so it is a <see cref="Module{TIn, TOut}"/>: <c>h = cell.Forward((x, h))</c>, with a null state
/// meaning zeros.
/// </summary>
/// <remarks>Tensor names and initialisation follow PyTorch: weight_ih, weight_hh, bias_ih, bias_hh, all uniform
/// in [-1/sqrt(hidden), 1/sqrt(hidden)], so PyTorch's weights load by name.</remarks>
public sealed class RNNCell : Module<(Tensor Input, Tensor? Hidden), Tensor>, IConfigurable<RNNCell, RNNCellConfig>
{
    /// <summary>Creates the cell, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public RNNCell(RNNCellConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        if (config.Nonlinearity is not ("tanh" or "relu"))
        {
            throw new ArgumentOutOfRangeException(nameof(config), $"RNNCell: nonlinearity must be 'tanh' or 'relu', not '{config.Nonlinearity}'");
        }

        var g = generator ?? Generator.Default;
        var bound = 1 / Math.Sqrt(config.HiddenSize);
        Init.Uniform(CreateParameter("weight_ih", [config.HiddenSize, config.InputSize]), g, -bound, bound);
        Init.Uniform(CreateParameter("weight_hh", [config.HiddenSize, config.HiddenSize]), g, -bound, bound);
        if (config.Bias)
        {
            Init.Uniform(CreateParameter("bias_ih", [config.HiddenSize]), g, -bound, bound);
            Init.Uniform(CreateParameter("bias_hh", [config.HiddenSize]), g, -bound, bound);
        }
    }

    /// <summary>Creates the cell from its sizes; see <see cref="RNNCellConfig"/>.</summary>
    public RNNCell(int inputSize, int hiddenSize, bool bias = true, string nonlinearity = "tanh", Generator? generator = null)
        : this(new RNNCellConfig(inputSize, hiddenSize, bias, nonlinearity), generator)
    {
    }

    /// <inheritdoc/>
    public RNNCellConfig Config { get; }

    /// <summary>The input-to-hidden weights, shape [hidden, input].</summary>
    public Tensor WeightIH => GetParameter("weight_ih");

    /// <summary>The hidden-to-hidden weights, shape [hidden, hidden].</summary>
    public Tensor WeightHH => GetParameter("weight_hh");

    /// <inheritdoc/>
    public static RNNCell Create(RNNCellConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward((Tensor Input, Tensor? Hidden) input)
    {
        var (x, h) = input;
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Size(1) != Config.InputSize)
        {
            throw new ArgumentException($"rnncell: expected an input of shape [N, {Config.InputSize}], got {x.Shape}");
        }

        if (h is not null && h.Shape != new Shape(x.Size(0), Config.HiddenSize))
        {
            throw new ArgumentException($"rnncell: input {x.Shape} needs a state of shape [{x.Size(0)}, {Config.HiddenSize}], got {h.Shape}");
        }

        var pre = Tensor.Linear(x, WeightIH, TryGetParameter("bias_ih"));
        if (h is not null)
        {
            pre += Tensor.Linear(h, WeightHH, TryGetParameter("bias_hh"));
        }
        else if (TryGetParameter("bias_hh") is { } b)
        {
            // A zero state contributes only its bias.
            pre += b;
        }

        return Config.Nonlinearity == "relu" ? Functional.Relu(pre) : Functional.Tanh(pre);
    }

    /// <inheritdoc/>
    /// <remarks>As PyTorch's RNNCellBase.extra_repr: the sizes, then bias and nonlinearity only where they differ from the defaults.</remarks>
    protected override string ExtraRepr() =>
        $"{Config.InputSize}, {Config.HiddenSize}" + (Config.Bias ? string.Empty : ", bias=False") + (Config.Nonlinearity == "tanh" ? string.Empty : $", nonlinearity={Config.Nonlinearity}");
}
