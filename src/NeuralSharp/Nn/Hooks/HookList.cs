namespace NeuralSharp.Nn.Hooks;

/// <summary>
/// The hooks of one kind on one module, in registration order. Null until the first hook is registered and
/// null again when the last is removed, so that a module without hooks pays one null check per call.
/// </summary>
/// <remarks>Running hooks iterate over a snapshot, so a hook may remove itself (or register another) while it runs.</remarks>
internal sealed class HookList<THook>
    where THook : Delegate
{
    private THook[] _hooks = [];

    public ReadOnlySpan<THook> Items => _hooks;

    /// <summary>Adds <paramref name="hook"/> to the list in <paramref name="slot"/>, creating it when needed.</summary>
    public static HookHandle Add(ref HookList<THook>? slot, THook hook, Action<HookList<THook>?> store)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var list = slot ??= new HookList<THook>();
        list._hooks = [.. list._hooks, hook];
        return new HookHandle(() =>
        {
            var index = Array.IndexOf(list._hooks, hook);
            if (index >= 0)
            {
                list._hooks = [.. list._hooks.AsSpan(0, index), .. list._hooks.AsSpan(index + 1)];
            }

            store(list._hooks.Length == 0 ? null : list);
        });
    }
}
