namespace NeuralSharp.Nn;

/// <summary>
/// Truncated backpropagation through time: a long sequence is processed in windows of k steps; the state is
/// carried from one window into the next (so the forward values are those of the whole sequence), but it is
/// detached between windows, so each window's loss backpropagates through at most k steps.
/// </summary>
/// <example>
/// <code>
/// var (state, losses) = TruncatedBptt.Run(x, 20, ((Tensor, Tensor)?)null, (window, start, s) =&gt;
/// {
///     var (y, next) = lstm.Forward((window, s));
///     return (new MseLoss().Compute(head.Forward(y), targets.Narrow(0, start, window.Size(0))), next);
/// }, s =&gt; s is { } v ? TruncatedBptt.Detach(v) : null, () =&gt; { optimiser.Step(); optimiser.ZeroGrad(); });
/// </code>
/// </example>
public static class TruncatedBptt
{
    /// <summary>The consecutive windows of at most <paramref name="k"/> steps of a sequence (time on dimension 0, or 1 when <paramref name="batchFirst"/>); the last may be shorter.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not positive.</exception>
    public static IReadOnlyList<Tensor> Windows(Tensor sequence, int k, bool batchFirst = false)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var dim = batchFirst ? 1 : 0;
        if (sequence.Rank <= dim)
        {
            throw new ArgumentException($"truncated bptt: a sequence needs time on dimension {dim}, got shape {sequence.Shape}");
        }

        var steps = sequence.Size(dim);
        return [.. Enumerable.Range(0, (steps + k - 1) / k).Select(w => sequence.Narrow(dim, w * k, Math.Min(k, steps - (w * k))))];
    }

    /// <summary>A state cut out of the graph (same values, no history): what is carried into the next window.</summary>
    public static Tensor Detach(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Detach();
    }

    /// <summary>An LSTM's (h, c) cut out of the graph.</summary>
    public static (Tensor H, Tensor C) Detach((Tensor H, Tensor C) state) => (Detach(state.H), Detach(state.C));

    /// <summary>
    /// Runs <paramref name="window"/> on each window of <paramref name="k"/> steps with the carried state, backpropagates
    /// its loss, calls <paramref name="update"/> (an optimiser step, say; without one the gradients of all windows add
    /// up), and carries the detached next state on.
    /// </summary>
    /// <typeparam name="TState">The recurrent state, e.g. <c>Tensor?</c> or <c>(Tensor H, Tensor C)?</c>.</typeparam>
    /// <param name="sequence">The whole input sequence.</param>
    /// <param name="k">The window length (the truncation).</param>
    /// <param name="state">The initial state.</param>
    /// <param name="window">From the window, its first step's index in the sequence and the carried state: the window's loss (a scalar) and the state after it.</param>
    /// <param name="detach">Cuts a state out of the graph, e.g. <see cref="Detach(Tensor)"/>.</param>
    /// <param name="update">Called after each window's backward pass.</param>
    /// <param name="batchFirst">Whether time is dimension 1 of <paramref name="sequence"/>.</param>
    /// <returns>The final (detached) state and each window's loss.</returns>
    public static (TState State, double[] Losses) Run<TState>(Tensor sequence, int k, TState state, Func<Tensor, int, TState, (Tensor Loss, TState State)> window, Func<TState, TState> detach, Action? update = null, bool batchFirst = false)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(detach);
        var windows = Windows(sequence, k, batchFirst);
        var losses = new double[windows.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            var (loss, next) = window(windows[w], w * k, state);
            loss.Backward();
            update?.Invoke();
            losses[w] = loss.ItemAsDouble();
            state = detach(next);
        }

        return (state, losses);
    }
}
