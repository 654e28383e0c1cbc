namespace NeuralSharp.Nn;

/// <summary>
/// Runs a recurrent layer (<see cref="LSTM"/>, <see cref="GRU"/>, <see cref="ElmanRNN"/>, <see cref="JordanRNN"/>,
/// <see cref="LeakyRNN"/> or <see cref="SkipRNN"/>) over a sequence from a zero initial state and returns its output at
/// the last step, [N, features]: a one-tensor module, so a sequence classifier is a <see cref="Sequential"/>, e.g.
/// <c>new Sequential(new Unflatten(1, [28, 28]), new LastStep(new LSTM(28, 128, batchFirst: true)), new Linear(128, 10))</c>
/// reads an MNIST image row by row.
/// </summary>
/// <remarks>The child is named <c>rnn</c>, so an LSTM's tensors are <c>rnn.weight_ih_l0</c> and so on. The input is in the
/// layer's layout ([N, T, F] when it is batch-first, [T, N, F] otherwise).</remarks>
public sealed class LastStep : Module, IComposite<LastStep>
{
    /// <summary>Wraps <paramref name="rnn"/>.</summary>
    /// <exception cref="ArgumentException">The layer is not one of the recurrent layers listed above.</exception>
    public LastStep(ModuleBase rnn)
    {
        ArgumentNullException.ThrowIfNull(rnn);
        if (rnn is not (LSTM or GRU or ElmanRNN or JordanRNN or LeakyRNN or SkipRNN))
        {
            throw new ArgumentException($"laststep: expected an LSTM, GRU, ElmanRNN, JordanRNN, LeakyRNN or SkipRNN, got {rnn.TypeName}");
        }

        RegisterModule("rnn", rnn);
    }

    /// <summary>The wrapped recurrent layer.</summary>
    /// <remarks>Read from the child registry rather than a field, so that a clone runs its own copy.</remarks>
    public ModuleBase Rnn => ChildAt(0);

    /// <inheritdoc/>
    public static LastStep Create(IReadOnlyList<KeyValuePair<string, ModuleBase>> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        return children is [{ Key: "rnn", Value: var rnn }]
            ? new LastStep(rnn)
            : throw new ArgumentException($"laststep: expected one child named 'rnn', got {children.Count}");
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (sequence, batchFirst) = Rnn switch
        {
            LSTM l => (l.Call((input, null)).Output, l.Config.BatchFirst),
            GRU g => (g.Call((input, null)).Output, g.Config.BatchFirst),
            ElmanRNN e => (e.Call((input, null)).Output, e.Config.BatchFirst),
            JordanRNN j => (j.Call((input, null)).Output, j.Config.BatchFirst),
            LeakyRNN k => (k.Call((input, null)).Output, k.Config.BatchFirst),
            SkipRNN s => (s.Call((input, null)).Output, s.Config.BatchFirst),
            _ => throw new InvalidOperationException($"laststep: cannot run {Rnn.TypeName}"),
        };
        if (sequence.Rank != 3)
        {
            throw new ArgumentException($"laststep: expected a batched sequence {(batchFirst ? "[N, T, F]" : "[T, N, F]")}, got {input.Shape}");
        }

        var time = batchFirst ? 1 : 0;
        return sequence.Narrow(time, sequence.Size(time) - 1, 1).Squeeze(time);
    }
}
