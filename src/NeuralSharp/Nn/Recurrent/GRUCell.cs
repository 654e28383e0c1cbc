namespace NeuralSharp.Nn;

/// <summary>
/// One step of a gated recurrent unit (PyTorch's <c>nn.GRUCell</c>): from an input x [N, input] and the
/// previous state h [N, hidden], the gates r, z, n (in that order in the weights) and the next state:
/// r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z = sigmoid(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h.
/// <c>h = cell.Forward((x, h))</c>, with a null state meaning zeros; an unbatched input [input] takes and
/// gives a state [hidden].
/// </summary>
/// <remarks>Tensor names and initialisation follow PyTorch: weight_ih [3 hidden, input], weight_hh
/// [3 hidden, hidden], bias_ih and bias_hh [3 hidden], all uniform in [-1/sqrt(hidden), 1/sqrt(hidden)], so
/// PyTorch's weights load by name.</remarks>
public sealed class GRUCell : Module<(Tensor Input, Tensor? Hidden), Tensor>, IConfigurable<GRUCell, GRUCellConfig>
{
    /// <summary>Creates the cell, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public GRUCell(GRUCellConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        var g = generator ?? Generator.Default;
        var bound = 1 / Math.Sqrt(config.HiddenSize);
        Init.Uniform(CreateParameter("weight_ih", [3 * config.HiddenSize, config.InputSize]), g, -bound, bound);
        Init.Uniform(CreateParameter("weight_hh", [3 * config.HiddenSize, config.HiddenSize]), g, -bound, bound);
        if (config.Bias)
        {
            Init.Uniform(CreateParameter("bias_ih", [3 * config.HiddenSize]), g, -bound, bound);
            Init.Uniform(CreateParameter("bias_hh", [3 * config.HiddenSize]), g, -bound, bound);
        }
    }

    /// <summary>Creates the cell from its sizes; see <see cref="GRUCellConfig"/>.</summary>
    public GRUCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : this(new GRUCellConfig(inputSize, hiddenSize, bias), generator)
    {
    }

    /// <inheritdoc/>
    public GRUCellConfig Config { get; }

    /// <summary>The input-to-hidden weights of the gates r, z, n stacked, shape [3 hidden, input].</summary>
    public Tensor WeightIH => GetParameter("weight_ih");

    /// <summary>The hidden-to-hidden weights of the gates r, z, n stacked, shape [3 hidden, hidden].</summary>
    public Tensor WeightHH => GetParameter("weight_hh");

    /// <inheritdoc/>
    public static GRUCell Create(GRUCellConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward((Tensor Input, Tensor? Hidden) input)
    {
        var x = Gates.CellInput("grucell", input.Input, Config.InputSize);
        var unbatched = input.Input.Rank == 1;
        var h = input.Hidden is { } h0
            ? Gates.CellState("grucell", "a state", x, unbatched, h0, Config.HiddenSize)
            : Tensor.Zeros([x.Size(0), Config.HiddenSize], x.DType);
        var next = Gates.Gru(Tensor.Linear(x, WeightIH, TryGetParameter("bias_ih")), h, WeightHH, TryGetParameter("bias_hh"));
        return unbatched ? next.Squeeze(0) : next;
    }

    /// <inheritdoc/>
    /// <remarks>As PyTorch: <c>GRUCell(10, 20)</c>, with <c>bias=False</c> only when there is no bias.</remarks>
    protected override string ExtraRepr() => Config.Bias ? $"{Config.InputSize}, {Config.HiddenSize}" : $"{Config.InputSize}, {Config.HiddenSize}, bias=False";
}
