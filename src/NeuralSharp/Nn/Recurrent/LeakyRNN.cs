namespace NeuralSharp.Nn;

/// <summary>
/// A recurrent network of leaky units: h~(t) = tanh(b + W h(t-1) + U x(t)), h(t) = alpha h(t-1) + (1 - alpha) h~(t),
/// o(t) = c + V h(t), with the same U, W, b, V, c at every step. Each unit is a running average of its past, so with
/// alpha near 1 information (and gradient) survives many steps: dh(t)/dh(t-1) = alpha I + (1 - alpha) diag(1 - h~²) W.
/// <c>var (o, h) = rnn.Forward((x, null))</c> with x [T, N, input] ([N, T, input] batch-first): o is [T, N, output],
/// h the last state h(T) [N, hidden]; a given initial state h(0) is [N, hidden], null means zeros.
/// </summary>
/// <remarks>Parameters as <see cref="ElmanRNN"/>'s: U [hidden, input], W [hidden, hidden], b [hidden], V [output, hidden],
/// c [output], uniform in [-1/sqrt(hidden), 1/sqrt(hidden)]; alpha is a fixed setting, not trained.</remarks>
public sealed class LeakyRNN : Module<(Tensor Input, Tensor? State), (Tensor Output, Tensor State)>, IConfigurable<LeakyRNN, LeakyRNNConfig>
{
    /// <summary>Creates the network, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public LeakyRNN(LeakyRNNConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        SimpleRecurrence.CreateParameters(config.InputSize, config.HiddenSize, config.HiddenSize, config.OutputSize, CreateParameter, generator ?? Generator.Default);
    }

    /// <summary>Creates the network from its sizes; see <see cref="LeakyRNNConfig"/>.</summary>
    public LeakyRNN(int inputSize, int hiddenSize, int outputSize, double alpha = 0.5, bool batchFirst = false, Generator? generator = null)
        : this(new LeakyRNNConfig(inputSize, hiddenSize, outputSize, alpha, batchFirst), generator)
    {
    }

    /// <inheritdoc/>
    public LeakyRNNConfig Config { get; }

    /// <inheritdoc/>
    public static LeakyRNN Create(LeakyRNNConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override (Tensor Output, Tensor State) Forward((Tensor Input, Tensor? State) input)
    {
        var c = Config;
        var x = SimpleRecurrence.Input("leakyrnn", input.Input, c.InputSize, c.BatchFirst);
        var h = SimpleRecurrence.State("leakyrnn", "an initial state h(0)", input.State, x, c.HiddenSize);
        var ux = SimpleRecurrence.Project(x, GetParameter("U"), GetParameter("b"));
        var (w, v, bias) = (GetParameter("W"), GetParameter("V"), GetParameter("c"));
        var outputs = new Tensor[x.Size(0)];
        for (var t = 0; t < outputs.Length; t++)
        {
            var candidate = (ux[t] + Tensor.Linear(h, w)).Tanh();
            h = c.Alpha == 0 ? candidate : (h * c.Alpha) + (candidate * (1 - c.Alpha));
            outputs[t] = Tensor.Linear(h, v, bias);
        }

        return (Sequences.Output(Tensor.Stack(outputs, 0), false, c.BatchFirst), h);
    }
}
