using NeuralSharp.Backends;

namespace NeuralSharp;

/// <summary>
/// Recycles the buffers of the tensors made during a training step, so that a warm training loop
/// allocates no new arrays (large arrays live on .NET's large-object heap, which only a full
/// collection frees: allocating them every step makes garbage collection the bottleneck).
/// </summary>
/// <remarks>
/// <para>Inside <c>using (arena.Scope())</c>, every new tensor takes a buffer from the arena; when the
/// scope ends, all of them go back to it for the next step. A tensor made inside the scope must not be
/// used after it ends: doing so throws an <see cref="InvalidOperationException"/> rather than reading
/// another step's data. Keep a value by reading it out (<c>loss.Item()</c>) or by cloning it inside
/// <c>TensorArena.Suspend()</c>.</para>
/// <para>Tensors that must outlive the step (parameters, gradient buffers, optimiser state) are allocated
/// outside any scope or under <see cref="Suspend"/>; the autograd engine does so for gradients.
/// <c>Trainer.Fit</c> uses an arena for each step; a hand-written loop may, and works
/// without one.</para>
/// </remarks>
public sealed class TensorArena
{
    [ThreadStatic]
    private static TensorArena? t_active;

    [ThreadStatic]
    private static bool t_suspended;

    private readonly Dictionary<(int Length, DType DType, IBackend Backend), Stack<Storage>> _free = [];
    private readonly List<Storage> _inUse = [];

    /// <summary>Changes every time a scope ends; a tensor remembers the generation its buffer was rented in.</summary>
    internal int Generation { get; private set; }

    /// <summary>The arena whose scope is open on this thread, unless suspended.</summary>
    internal static TensorArena? Active => t_suspended ? null : t_active;

    /// <summary>Whether a scope of some arena is open on this thread (the library's own scopes then defer to it).</summary>
    internal static bool IsScopeOpen => t_active is not null;

    /// <summary>A scope of this arena, or none when the caller already opened one (scopes do not nest).</summary>
    internal ScopeHandle ScopeUnlessOpen() => IsScopeOpen ? default : Scope();

    /// <summary>Buffers currently rented plus those waiting for reuse.</summary>
    public int BufferCount => _inUse.Count + _free.Values.Sum(s => s.Count);

    /// <summary>Starts a scope: until it is disposed, new tensors on this thread use recycled buffers.</summary>
    public ScopeHandle Scope()
    {
        if (t_active is not null)
        {
            throw new InvalidOperationException("tensor arena: a scope is already open on this thread; scopes do not nest");
        }

        t_active = this;
        return new ScopeHandle(this);
    }

    /// <summary>Allocates normally (outside any arena) until the returned handle is disposed.</summary>
    public static SuspendHandle Suspend()
    {
        var previous = t_suspended;
        t_suspended = true;
        return new SuspendHandle(previous);
    }

    internal Storage Rent(int length, DType dtype)
    {
        var backend = Backends.Backend.Current;
        var storage = _free.TryGetValue((length, dtype, backend), out var stack) && stack.Count > 0
            ? stack.Pop()
            : backend.Allocate(length, dtype, zeroed: false);
        _inUse.Add(storage);
        return storage;
    }

    private void EndScope()
    {
        t_active = null;
        Generation++;
        foreach (var storage in _inUse)
        {
            var key = (storage.Length, storage.DType, storage.Backend);
            if (!_free.TryGetValue(key, out var stack))
            {
                _free[key] = stack = new Stack<Storage>();
            }

            stack.Push(storage);
        }

        _inUse.Clear();
    }

    /// <summary>Ends an arena scope when disposed.</summary>
    public readonly struct ScopeHandle : IDisposable
    {
        private readonly TensorArena _arena;

        internal ScopeHandle(TensorArena arena) => _arena = arena;

        /// <summary>False for the default handle, which stands for no scope.</summary>
        internal bool IsOpen => _arena is not null;

        /// <summary>Returns every buffer rented in the scope to the arena.</summary>
        public void Dispose() => _arena?.EndScope();
    }

    /// <summary>Ends a suspension when disposed.</summary>
    public readonly struct SuspendHandle : IDisposable
    {
        private readonly bool _previous;

        internal SuspendHandle(bool previous) => _previous = previous;

        /// <summary>Restores arena allocation.</summary>
        public void Dispose() => t_suspended = _previous;
    }
}
