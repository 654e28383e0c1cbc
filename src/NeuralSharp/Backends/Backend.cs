namespace NeuralSharp.Backends;

/// <summary>Which backend new tensors are allocated on.</summary>
internal static class Backend
{
    [ThreadStatic]
    private static IBackend? t_override;

    private static IBackend s_default = Cpu.CpuBackend.Instance;

    /// <summary>The backend new tensors are made on: the one set by <see cref="Use"/> on this thread, else the process default.</summary>
    public static IBackend Current => t_override ?? s_default;

    /// <summary>The process-wide default (the CPU backend); tests set it to run the whole suite on another backend.</summary>
    public static IBackend Default
    {
        get => s_default;
        set => s_default = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Makes new tensors on this thread use <paramref name="backend"/> until the handle is disposed.</summary>
    public static Scope Use(IBackend backend)
    {
        var previous = t_override;
        t_override = backend;
        return new Scope(previous);
    }

    /// <summary>Restores the previous backend when disposed.</summary>
    public readonly struct Scope(IBackend? previous) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose() => t_override = previous;
    }
}
