using NeuralSharp.Autograd.Ops;

namespace NeuralSharp.Nn;

/// <summary>
/// A multi-layer long short-term memory network over sequences (PyTorch's <c>nn.LSTM</c>): every time step
/// of every layer is an <see cref="LSTMCell"/> step with that layer's weights, the same at every step.
/// <c>var (output, (h, c)) = lstm.Forward((x, null))</c> with x [T, N, input] ([N, T, input] when
/// <see cref="LSTMConfig.BatchFirst"/>, or unbatched [T, input]); output is [T, N, directions * hidden] (the last
/// layer's h at every step, the backward direction's concatenated after the forward one's), h and c the final
/// states [layers * directions, N, hidden]. A given initial state (h0, c0) has that shape too; null means zeros.
/// </summary>
/// <remarks>Without padded lengths each direction of each layer is one fused op over the whole sequence (with a
/// hand-written backpropagation through time); with them the loop over time is composed of differentiable tensor ops.
/// Parameter names and initialisation are PyTorch's (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ..._reverse,
/// uniform in [-1/sqrt(hidden), 1/sqrt(hidden)]), so PyTorch's weights load by name.</remarks>
public sealed class LSTM : Module<(Tensor Input, (Tensor H, Tensor C)? State), (Tensor Output, (Tensor H, Tensor C) State)>, IConfigurable<LSTM, LSTMConfig>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>), which also draws the dropout masks.</summary>
    public LSTM(LSTMConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        _generator = generator;
        Sequences.CreateParameters(4, config.InputSize, config.HiddenSize, config.NumLayers, config.Bias, config.Bidirectional, CreateParameter, generator ?? Generator.Default);
    }

    /// <summary>Creates the layer from its settings; see <see cref="LSTMConfig"/>.</summary>
    public LSTM(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0, bool bidirectional = false, Generator? generator = null)
        : this(new LSTMConfig(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional), generator)
    {
    }

    /// <inheritdoc/>
    public LSTMConfig Config { get; }

    /// <inheritdoc/>
    public static LSTM Create(LSTMConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override (Tensor Output, (Tensor H, Tensor C) State) Forward((Tensor Input, (Tensor H, Tensor C)? State) input) => Run(input.Input, input.State, null);

    /// <summary>
    /// Runs a batch of sequences of different lengths, padded to the same T: sequence j has only its first
    /// <paramref name="lengths"/>[j] steps (as PyTorch's <c>pack_padded_sequence</c> then <c>pad_packed_sequence</c>).
    /// The padded steps contribute nothing: their outputs are zero, the final states are those after each sequence's
    /// last real step (the backward direction starts there), and no gradient reaches the padding.
    /// </summary>
    /// <param name="input">The padded sequences, [T, N, input] (or [N, T, input] batch-first).</param>
    /// <param name="lengths">Each sequence's length, in [1, T].</param>
    /// <param name="state">The initial (h0, c0), or null for zeros.</param>
    public (Tensor Output, (Tensor H, Tensor C) State) ForwardPadded(Tensor input, int[] lengths, (Tensor H, Tensor C)? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3)
        {
            throw new ArgumentException($"lstm: padded sequences must be batched, [T, N, {Config.InputSize}] or [N, T, {Config.InputSize}], got {input.Shape}");
        }

        return Run(input, state, lengths);
    }

    private (Tensor Output, (Tensor H, Tensor C) State) Run(Tensor inputTensor, (Tensor H, Tensor C)? initial, int[]? lengths)
    {
        var c = Config;
        var (x, unbatched) = Sequences.Input("lstm", inputTensor, c.InputSize, c.BatchFirst);
        var count = c.NumLayers * (c.Bidirectional ? 2 : 1);
        Tensor h0, c0;
        if (initial is var (h, cell))
        {
            h0 = Sequences.State("lstm", "an initial h0", h, x, count, c.HiddenSize, unbatched);
            c0 = Sequences.State("lstm", "an initial c0", cell, x, count, c.HiddenSize, unbatched);
        }
        else
        {
            h0 = Tensor.Zeros([count, x.Size(1), c.HiddenSize], x.DType);
            c0 = h0;
        }

        var (y, finals) = Sequences.Run(
            x,
            [h0, c0],
            c.NumLayers,
            c.Bidirectional,
            TryGetParameter,
            static (xg, s, w, b) =>
            {
                var (hn, cn) = Gates.Lstm(xg, s[0], s[1], w, b);
                return [hn, cn];
            },
            Sequences.DropoutBetweenLayers(IsTraining, c.Dropout, _generator),
            lengths is null ? null : Sequences.Lengths("lstm", lengths, x),
            static (xg, s, w, b, reverse) =>
            {
                var states = LstmSequenceOp.Apply(xg, s[0], s[1], w, b, reverse);
                var (steps, n, hidden) = (states.Size(1), states.Size(2), states.Size(3));
                var last = reverse ? 0 : steps - 1;
                var hs = states.Narrow(0, 0, 1).Squeeze(0);
                return (hs, [hs.Narrow(0, last, 1).Squeeze(0), states.Narrow(0, 1, 1).Narrow(1, last, 1).Reshape(n, hidden)]);
            });
        return (Sequences.Output(y, unbatched, c.BatchFirst), (Sequences.FinalState(finals[0], unbatched), Sequences.FinalState(finals[1], unbatched)));
    }

    /// <inheritdoc/>
    /// <remarks>As PyTorch: <c>LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)</c>, only the settings that differ from their defaults.</remarks>
    protected override string ExtraRepr() => Sequences.Repr(Config.InputSize, Config.HiddenSize, Config.NumLayers, Config.Bias, Config.BatchFirst, Config.Dropout, Config.Bidirectional);
}
