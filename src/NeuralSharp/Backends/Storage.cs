namespace NeuralSharp.Backends;

/// <summary>
/// The memory behind one or more tensors: a flat run of elements of one type, owned by a backend.
/// Tensors are views (offset, shape, strides) over a storage; several views may share one.
/// </summary>
/// <remarks>The CPU backend's storage is a managed array (<see cref="Cpu.CpuStorage"/>); a GPU backend's
/// would hold a device allocation. Only the backend that made a storage reads its elements.</remarks>
internal abstract class Storage
{
    /// <summary>The backend that allocated this storage and runs the kernels over it.</summary>
    public abstract IBackend Backend { get; }

    /// <summary>The element type.</summary>
    public abstract DType DType { get; }

    /// <summary>The number of elements.</summary>
    public abstract int Length { get; }
}
