namespace NeuralSharp.Nn;

/// <summary>
/// A Jordan network: the course's recurrent network with the previous output fed back instead of the hidden
/// state: a(t) = b + W o(t-1) + U x(t), h(t) = tanh(a(t)), o(t) = c + V h(t), the same U, W, b, V, c at every
/// time step. <c>var (o, last) = rnn.Forward((x, null))</c> with x [T, N, input] ([N, T, input] batch-first):
/// o is [T, N, output], last the last output o(T) [N, output], which is the state; a given initial o(0) is
/// [N, output], null means zeros.
/// </summary>
/// <remarks>Parameters are named as in the course: U [hidden, input], W [hidden, output], b [hidden],
/// V [output, hidden], c [output], uniform in [-1/sqrt(hidden), 1/sqrt(hidden)]. U x(t) is computed for every
/// step in one product; backpropagation through time comes from autograd.</remarks>
public sealed class JordanRNN : Module<(Tensor Input, Tensor? State), (Tensor Output, Tensor State)>, IConfigurable<JordanRNN, JordanRNNConfig>
{
    /// <summary>Creates the network, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public JordanRNN(JordanRNNConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        SimpleRecurrence.CreateParameters(config.InputSize, config.HiddenSize, config.OutputSize, config.OutputSize, CreateParameter, generator ?? Generator.Default);
    }

    /// <summary>Creates the network from its sizes; see <see cref="JordanRNNConfig"/>.</summary>
    public JordanRNN(int inputSize, int hiddenSize, int outputSize, bool batchFirst = false, Generator? generator = null)
        : this(new JordanRNNConfig(inputSize, hiddenSize, outputSize, batchFirst), generator)
    {
    }

    /// <inheritdoc/>
    public JordanRNNConfig Config { get; }

    /// <inheritdoc/>
    public static JordanRNN Create(JordanRNNConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override (Tensor Output, Tensor State) Forward((Tensor Input, Tensor? State) input)
    {
        var c = Config;
        var (x, unbatched) = Sequences.Input("jordanrnn", input.Input, c.InputSize, c.BatchFirst);
        if (unbatched)
        {
            throw new ArgumentException($"jordanrnn: expected an input of shape {(c.BatchFirst ? "[N, T" : "[T, N")}, {c.InputSize}], got {input.Input.Shape}");
        }

        var o = SimpleRecurrence.State("jordanrnn", "an initial output o(0)", input.State, x, c.OutputSize);
        var ux = SimpleRecurrence.Project(x, GetParameter("U"), GetParameter("b"));
        var (w, v, bias) = (GetParameter("W"), GetParameter("V"), GetParameter("c"));
        var outputs = new Tensor[x.Size(0)];
        for (var t = 0; t < outputs.Length; t++)
        {
            var h = (ux[t] + Tensor.Linear(o, w)).Tanh();
            o = Tensor.Linear(h, v, bias);
            outputs[t] = o;
        }

        return (Sequences.Output(Tensor.Stack(outputs, 0), false, c.BatchFirst), o);
    }
}
