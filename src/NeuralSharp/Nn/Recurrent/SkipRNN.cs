namespace NeuralSharp.Nn;

/// <summary>
/// A recurrent network with skip connections in time: a(t) = b + W h(t-1) + W_skip h(t-d) + U x(t), h(t) = tanh(a(t)),
/// o(t) = c + V h(t), the same weights at every step. The gradient from step t reaches step t - kd in k products instead
/// of kd, so it vanishes d times more slowly. States before the first step are the initial state:
/// h(k) = h(0) for k ≤ 0. <c>var (o, h) = rnn.Forward((x, null))</c> with x [T, N, input] ([N, T, input]
/// batch-first): o is [T, N, output], h the last state h(T) [N, hidden]; a given h(0) is [N, hidden], null means zeros.
/// </summary>
/// <remarks>Parameters as <see cref="ElmanRNN"/>'s (U, W, b, V, c) plus W_skip [hidden, hidden], all uniform in
/// [-1/sqrt(hidden), 1/sqrt(hidden)].</remarks>
public sealed class SkipRNN : Module<(Tensor Input, Tensor? State), (Tensor Output, Tensor State)>, IConfigurable<SkipRNN, SkipRNNConfig>
{
    /// <summary>Creates the network, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public SkipRNN(SkipRNNConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        var g = generator ?? Generator.Default;
        SimpleRecurrence.CreateParameters(config.InputSize, config.HiddenSize, config.HiddenSize, config.OutputSize, CreateParameter, g);
        var bound = 1 / Math.Sqrt(config.HiddenSize);
        Init.Uniform(CreateParameter("W_skip", [config.HiddenSize, config.HiddenSize]), g, -bound, bound);
    }

    /// <summary>Creates the network from its sizes; see <see cref="SkipRNNConfig"/>.</summary>
    public SkipRNN(int inputSize, int hiddenSize, int outputSize, int delay = 2, bool batchFirst = false, Generator? generator = null)
        : this(new SkipRNNConfig(inputSize, hiddenSize, outputSize, delay, batchFirst), generator)
    {
    }

    /// <inheritdoc/>
    public SkipRNNConfig Config { get; }

    /// <inheritdoc/>
    public static SkipRNN Create(SkipRNNConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override (Tensor Output, Tensor State) Forward((Tensor Input, Tensor? State) input)
    {
        var c = Config;
        var x = SimpleRecurrence.Input("skiprnn", input.Input, c.InputSize, c.BatchFirst);
        var h0 = SimpleRecurrence.State("skiprnn", "an initial state h(0)", input.State, x, c.HiddenSize);
        var ux = SimpleRecurrence.Project(x, GetParameter("U"), GetParameter("b"));
        var (w, skip, v, bias) = (GetParameter("W"), GetParameter("W_skip"), GetParameter("V"), GetParameter("c"));

        // history[k] is h(k), k = 0..T.
        var history = new Tensor[x.Size(0) + 1];
        history[0] = h0;
        var outputs = new Tensor[x.Size(0)];
        for (var t = 1; t <= outputs.Length; t++)
        {
            var delayed = history[Math.Max(t - c.Delay, 0)];
            history[t] = (ux[t - 1] + Tensor.Linear(history[t - 1], w) + Tensor.Linear(delayed, skip)).Tanh();
            outputs[t - 1] = Tensor.Linear(history[t], v, bias);
        }

        return (Sequences.Output(Tensor.Stack(outputs, 0), false, c.BatchFirst), history[^1]);
    }
}
