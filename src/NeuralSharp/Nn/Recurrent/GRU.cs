using NeuralSharp.Autograd.Ops;

namespace NeuralSharp.Nn;

/// <summary>
/// A multi-layer gated recurrent unit network over sequences (PyTorch's <c>nn.GRU</c>): every time step of
/// every layer is a <see cref="GRUCell"/> step with that layer's weights, the same at every step.
/// <c>var (output, h) = gru.Forward((x, null))</c> with x [T, N, input] ([N, T, input] when
/// <see cref="GRUConfig.BatchFirst"/>, or unbatched [T, input]); output is [T, N, directions * hidden] (the last
/// layer's state at every step, the backward direction's concatenated after the forward one's), h the final
/// states [layers * directions, N, hidden]. A given initial state h0 has that shape too; null means zeros.
/// </summary>
/// <remarks>Backpropagation through time comes from autograd: the loop over time is composed of differentiable
/// tensor ops. Parameter names and initialisation are PyTorch's (weight_ih_l0, weight_hh_l0, bias_ih_l0,
/// bias_hh_l0, ..._reverse, uniform in [-1/sqrt(hidden), 1/sqrt(hidden)]), so PyTorch's weights load by name.</remarks>
public sealed class GRU : Module<(Tensor Input, Tensor? Hidden), (Tensor Output, Tensor Hidden)>, IConfigurable<GRU, GRUConfig>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>), which also draws the dropout masks.</summary>
    public GRU(GRUConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        _generator = generator;
        Sequences.CreateParameters(3, config.InputSize, config.HiddenSize, config.NumLayers, config.Bias, config.Bidirectional, CreateParameter, generator ?? Generator.Default);
    }

    /// <summary>Creates the layer from its settings; see <see cref="GRUConfig"/>.</summary>
    public GRU(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0, bool bidirectional = false, Generator? generator = null)
        : this(new GRUConfig(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional), generator)
    {
    }

    /// <inheritdoc/>
    public GRUConfig Config { get; }

    /// <inheritdoc/>
    public static GRU Create(GRUConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override (Tensor Output, Tensor Hidden) Forward((Tensor Input, Tensor? Hidden) input) => Run(input.Input, input.Hidden, null);

    /// <summary>
    /// Runs a batch of sequences of different lengths, padded to the same T: sequence j has only its first
    /// <paramref name="lengths"/>[j] steps (as PyTorch's <c>pack_padded_sequence</c> then <c>pad_packed_sequence</c>).
    /// The padded steps contribute nothing: their outputs are zero, the final state is the one after each sequence's
    /// last real step (the backward direction starts there), and no gradient reaches the padding.
    /// </summary>
    /// <param name="input">The padded sequences, [T, N, input] (or [N, T, input] batch-first).</param>
    /// <param name="lengths">Each sequence's length, in [1, T].</param>
    /// <param name="state">The initial h0, or null for zeros.</param>
    public (Tensor Output, Tensor Hidden) ForwardPadded(Tensor input, int[] lengths, Tensor? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3)
        {
            throw new ArgumentException($"gru: padded sequences must be batched, [T, N, {Config.InputSize}] or [N, T, {Config.InputSize}], got {input.Shape}");
        }

        return Run(input, state, lengths);
    }

    private (Tensor Output, Tensor Hidden) Run(Tensor inputTensor, Tensor? initial, int[]? lengths)
    {
        var c = Config;
        var (x, unbatched) = Sequences.Input("gru", inputTensor, c.InputSize, c.BatchFirst);
        var count = c.NumLayers * (c.Bidirectional ? 2 : 1);
        var h0 = initial is { } h
            ? Sequences.State("gru", "an initial h0", h, x, count, c.HiddenSize, unbatched)
            : Tensor.Zeros([count, x.Size(1), c.HiddenSize], x.DType);
        var (y, finals) = Sequences.Run(
            x,
            [h0],
            c.NumLayers,
            c.Bidirectional,
            TryGetParameter,
            static (xg, s, w, b) => [Gates.Gru(xg, s[0], w, b)],
            Sequences.DropoutBetweenLayers(IsTraining, c.Dropout, _generator),
            lengths is null ? null : Sequences.Lengths("gru", lengths, x),
            static (xg, s, w, b, reverse) =>
            {
                var hs = GruSequenceOp.Apply(xg, s[0], w, b, reverse);
                return (hs, [hs.Narrow(0, reverse ? 0 : hs.Size(0) - 1, 1).Squeeze(0)]);
            });
        return (Sequences.Output(y, unbatched, c.BatchFirst), Sequences.FinalState(finals[0], unbatched));
    }

    /// <inheritdoc/>
    /// <remarks>As PyTorch: <c>GRU(10, 20, num_layers=2, batch_first=True, bidirectional=True)</c>, only the settings that differ from their defaults.</remarks>
    protected override string ExtraRepr() => Sequences.Repr(Config.InputSize, Config.HiddenSize, Config.NumLayers, Config.Bias, Config.BatchFirst, Config.Dropout, Config.Bidirectional);
}
