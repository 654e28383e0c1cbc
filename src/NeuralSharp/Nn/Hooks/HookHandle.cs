namespace NeuralSharp.Nn.Hooks;

/// <summary>
/// What registering a hook returns (PyTorch's <c>RemovableHandle</c>): <see cref="Remove"/> or
/// <see cref="Dispose"/> takes the hook off its module again, so that a <c>using</c> block scopes a hook.
/// Removing twice does nothing.
/// </summary>
public sealed class HookHandle : IDisposable
{
    private Action? _remove;

    internal HookHandle(Action remove) => _remove = remove;

    /// <summary>True until the hook has been removed.</summary>
    public bool IsActive => _remove is not null;

    /// <summary>Takes the hook off its module; the next call of the module no longer runs it.</summary>
    public void Remove()
    {
        _remove?.Invoke();
        _remove = null;
    }

    /// <inheritdoc cref="Remove"/>
    public void Dispose() => Remove();
}
