namespace NeuralSharp.Nn;

/// <summary>
/// The course's recurrent network, an Elman network: a(t) = b + W h(t-1) + U x(t), h(t) = tanh(a(t)),
/// o(t) = c + V h(t), with the same U, W, b, V, c at every time step and the hidden state fed back.
/// <c>var (o, h) = rnn.Forward((x, null))</c> with x [T, N, input] ([N, T, input] batch-first): o is
/// [T, N, output], h the last state h(T) [N, hidden]; a given initial state h(0) is [N, hidden], null means zeros.
/// </summary>
/// <remarks>Parameters are named as in the course: U [hidden, input], W [hidden, hidden], b [hidden],
/// V [output, hidden], c [output], uniform in [-1/sqrt(hidden), 1/sqrt(hidden)]. U x(t) is computed for every
/// step in one product; backpropagation through time comes from autograd.</remarks>
public sealed class ElmanRNN : Module<(Tensor Input, Tensor? State), (Tensor Output, Tensor State)>, IConfigurable<ElmanRNN, ElmanRNNConfig>
{
    /// <summary>Creates the network, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public ElmanRNN(ElmanRNNConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        SimpleRecurrence.CreateParameters(config.InputSize, config.HiddenSize, config.HiddenSize, config.OutputSize, CreateParameter, generator ?? Generator.Default);
    }

    /// <summary>Creates the network from its sizes; see <see cref="ElmanRNNConfig"/>.</summary>
    public ElmanRNN(int inputSize, int hiddenSize, int outputSize, bool batchFirst = false, Generator? generator = null)
        : this(new ElmanRNNConfig(inputSize, hiddenSize, outputSize, batchFirst), generator)
    {
    }

    /// <inheritdoc/>
    public ElmanRNNConfig Config { get; }

    /// <inheritdoc/>
    public static ElmanRNN Create(ElmanRNNConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override (Tensor Output, Tensor State) Forward((Tensor Input, Tensor? State) input)
    {
        var c = Config;
        var (x, unbatched) = Sequences.Input("elmanrnn", input.Input, c.InputSize, c.BatchFirst);
        if (unbatched)
        {
            throw new ArgumentException($"elmanrnn: expected an input of shape {(c.BatchFirst ? "[N, T" : "[T, N")}, {c.InputSize}], got {input.Input.Shape}");
        }

        var h = SimpleRecurrence.State("elmanrnn", "an initial state h(0)", input.State, x, c.HiddenSize);
        var ux = SimpleRecurrence.Project(x, GetParameter("U"), GetParameter("b"));
        var (w, v, bias) = (GetParameter("W"), GetParameter("V"), GetParameter("c"));
        var outputs = new Tensor[x.Size(0)];
        for (var t = 0; t < outputs.Length; t++)
        {
            h = (ux[t] + Tensor.Linear(h, w)).Tanh();
            outputs[t] = Tensor.Linear(h, v, bias);
        }

        return (Sequences.Output(Tensor.Stack(outputs, 0), false, c.BatchFirst), h);
    }
}
