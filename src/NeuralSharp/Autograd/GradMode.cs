namespace NeuralSharp.Autograd;

/// <summary>Switches the recording of operations for differentiation on and off, per thread.</summary>
/// <example>
/// <code>
/// using (GradMode.NoGrad())
/// {
///     var prediction = model.Forward(x); // no graph is built: faster, less memory
/// }
/// </code>
/// </example>
public static class GradMode
{
    [ThreadStatic]
    private static bool t_disabled;

    /// <summary>Whether operations on the current thread are recorded (reverse mode) and carry tangents (forward mode).</summary>
    public static bool IsEnabled => !t_disabled;

    /// <summary>Stops recording until the returned scope is disposed (PyTorch's <c>torch.no_grad()</c>).</summary>
    public static Scope NoGrad() => new(enabled: false);

    /// <summary>Turns recording back on inside a no-grad region until the scope is disposed.</summary>
    public static Scope EnableGrad() => new(enabled: true);

    /// <summary>Restores the previous mode when disposed; a struct so that entering a scope allocates nothing.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool _previouslyDisabled;

        internal Scope(bool enabled)
        {
            _previouslyDisabled = t_disabled;
            t_disabled = !enabled;
        }

        /// <summary>Restores the mode that was in force before the scope began.</summary>
        public void Dispose() => t_disabled = _previouslyDisabled;
    }
}
