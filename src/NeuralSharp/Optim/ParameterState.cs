namespace NeuralSharp.Optim;

/// <summary>
/// What an optimiser remembers about one parameter between steps: the number of updates it received
/// and its running buffers (momentum, moment estimates...), each shaped like the parameter.
/// </summary>
public sealed class ParameterState
{
    private readonly Tensor[] _buffers;

    internal ParameterState(Tensor[] buffers) => _buffers = buffers;

    /// <summary>How many updates this parameter has received (PyTorch's <c>state["step"]</c>).</summary>
    public long Step { get; set; }

    /// <summary>The buffers, in the order of the optimiser's <see cref="Optimizer.StateNames"/>.</summary>
    public IReadOnlyList<Tensor> Buffers => _buffers;

    /// <summary>The buffer at <paramref name="index"/> in <see cref="Optimizer.StateNames"/> order.</summary>
    public Tensor this[int index] => _buffers[index];
}
