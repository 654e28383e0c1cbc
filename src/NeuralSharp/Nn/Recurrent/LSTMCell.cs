namespace NeuralSharp.Nn;

/// <summary>
/// One step of a long short-term memory network (PyTorch's <c>nn.LSTMCell</c>): from an input x [N, input] and
/// the previous state (h, c), each [N, hidden], the gates i, f, g, o (in that order in the weights) and the
/// next state: i = sigmoid(W_ii x + b_ii + W_hi h + b_hi), f = sigmoid(...), g = tanh(...), o = sigmoid(...),
/// c' = f * c + i * g, h' = o * tanh(c'). <c>var (h, c) = cell.Forward((x, state))</c>, with a null state
/// meaning zeros; an unbatched input [input] takes and gives states [hidden].
/// </summary>
/// <remarks>Tensor names and initialisation follow PyTorch: weight_ih [4 hidden, input], weight_hh
/// [4 hidden, hidden], bias_ih and bias_hh [4 hidden], all uniform in [-1/sqrt(hidden), 1/sqrt(hidden)], so
/// PyTorch's weights load by name.</remarks>
public sealed class LSTMCell : Module<(Tensor Input, (Tensor H, Tensor C)? State), (Tensor H, Tensor C)>, IConfigurable<LSTMCell, LSTMCellConfig>
{
    /// <summary>Creates the cell, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public LSTMCell(LSTMCellConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        var g = generator ?? Generator.Default;
        var bound = 1 / Math.Sqrt(config.HiddenSize);
        Init.Uniform(CreateParameter("weight_ih", [4 * config.HiddenSize, config.InputSize]), g, -bound, bound);
        Init.Uniform(CreateParameter("weight_hh", [4 * config.HiddenSize, config.HiddenSize]), g, -bound, bound);
        if (config.Bias)
        {
            Init.Uniform(CreateParameter("bias_ih", [4 * config.HiddenSize]), g, -bound, bound);
            Init.Uniform(CreateParameter("bias_hh", [4 * config.HiddenSize]), g, -bound, bound);
        }
    }

    /// <summary>Creates the cell from its sizes; see <see cref="LSTMCellConfig"/>.</summary>
    public LSTMCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : this(new LSTMCellConfig(inputSize, hiddenSize, bias), generator)
    {
    }

    /// <inheritdoc/>
    public LSTMCellConfig Config { get; }

    /// <summary>The input-to-hidden weights of the gates i, f, g, o stacked, shape [4 hidden, input].</summary>
    public Tensor WeightIH => GetParameter("weight_ih");

    /// <summary>The hidden-to-hidden weights of the gates i, f, g, o stacked, shape [4 hidden, hidden].</summary>
    public Tensor WeightHH => GetParameter("weight_hh");

    /// <inheritdoc/>
    public static LSTMCell Create(LSTMCellConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override (Tensor H, Tensor C) Forward((Tensor Input, (Tensor H, Tensor C)? State) input)
    {
        var x = Gates.CellInput("lstmcell", input.Input, Config.InputSize);
        var unbatched = input.Input.Rank == 1;
        var n = x.Size(0);
        Tensor h, c;
        if (input.State is var (h0, c0))
        {
            ArgumentNullException.ThrowIfNull(h0);
            ArgumentNullException.ThrowIfNull(c0);
            h = Gates.CellState("lstmcell", "a hidden state h", x, unbatched, h0, Config.HiddenSize);
            c = Gates.CellState("lstmcell", "a cell state c", x, unbatched, c0, Config.HiddenSize);
        }
        else
        {
            h = Tensor.Zeros([n, Config.HiddenSize], x.DType);
            c = h;
        }

        var (h1, c1) = Gates.Lstm(Tensor.Linear(x, WeightIH, TryGetParameter("bias_ih")), h, c, WeightHH, TryGetParameter("bias_hh"));
        return unbatched ? (h1.Squeeze(0), c1.Squeeze(0)) : (h1, c1);
    }

    /// <inheritdoc/>
    /// <remarks>As PyTorch: <c>LSTMCell(10, 20)</c>, with <c>bias=False</c> only when there is no bias.</remarks>
    protected override string ExtraRepr() => Config.Bias ? $"{Config.InputSize}, {Config.HiddenSize}" : $"{Config.InputSize}, {Config.HiddenSize}, bias=False";
}
