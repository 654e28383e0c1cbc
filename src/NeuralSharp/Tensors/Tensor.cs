using NeuralSharp.Autograd;
using NeuralSharp.Backends;
using NeuralSharp.Backends.Cpu;

namespace NeuralSharp;

/// <summary>
/// An N-dimensional array of <see cref="float"/> or <see cref="double"/> values that remembers how it
/// was computed, so that gradients can flow back through it (PyTorch's <c>torch.Tensor</c>).
/// </summary>
/// <remarks>
/// <para>Elements live in a <see cref="Backends.Storage"/> owned by a backend (on the CPU, a plain managed
/// array): tensors are garbage collected like any object and are never disposed. Elements are laid out row-major; a tensor may be a strided view of another tensor's
/// storage (see <see cref="Transpose"/>, <see cref="Narrow"/>), and kernels that need dense data copy
/// it first with <see cref="Contiguous"/>.</para>
/// <para>Operations are written as methods (<c>x.Exp()</c>), static functions (<c>Tensor.Exp(x)</c>) and
/// operators (<c>a * b + c</c>); all of them broadcast like NumPy and PyTorch.</para>
/// </remarks>
public sealed partial class Tensor
{
    private readonly int[] _dims;
    private readonly Storage _storage;
    private readonly TensorArena? _arena;
    private readonly int _generation;
    private bool _requiresGrad;

    internal Tensor(Storage storage, int offset, int[] dims, int[] strides, TensorArena? arena = null, int generation = 0)
    {
        _storage = storage;
        _arena = arena;
        _generation = generation;
        Offset = offset;
        _dims = dims;
        Strides = strides;
        DType = storage.DType;
        Count = Shape.Wrap(dims).ElementCount;
        IsContiguous = ComputeIsContiguous(dims, strides);
    }

    /// <summary>The memory that holds the elements.</summary>
    /// <remarks>Storage rented from a <see cref="TensorArena"/> is checked to still belong to this tensor.</remarks>
    internal Storage Storage
    {
        get
        {
            if (_arena is not null && _arena.Generation != _generation)
            {
                throw new InvalidOperationException(
                    $"tensor {Shape}: its memory was recycled when the TensorArena scope it was created in ended; Clone() it inside the scope to keep it");
            }

            return _storage;
        }
    }

    /// <summary>True when the storage was rented from a <see cref="TensorArena"/> scope (and goes back to it when the scope ends).</summary>
    internal bool IsArenaBacked => _arena is not null;

    /// <summary>The backend that owns the storage and runs every kernel over this tensor.</summary>
    internal IBackend Backend => _storage.Backend;

    /// <summary>The CPU backend's array (a <c>float[]</c> or <c>double[]</c>): for the CPU kernels only.</summary>
    internal Array Buffer => ((CpuStorage)Storage).Array;

    /// <summary>A tensor over the same storage with another offset, shape and strides (transpose, slice, reshape).</summary>
    internal Tensor View(int offset, int[] dims, int[] strides) => new(Storage, offset, dims, strides, _arena, _generation);

    /// <summary>Index in <see cref="Storage"/> of the first element.</summary>
    internal int Offset { get; }

    /// <summary>Step in <see cref="Storage"/> between neighbours along each dimension.</summary>
    internal int[] Strides { get; }

    internal int[] Dims => _dims;

    /// <summary>The sizes of the dimensions.</summary>
    public Shape Shape => Shape.Wrap(_dims);

    /// <summary>The element type.</summary>
    public DType DType { get; }

    /// <summary>The number of elements (PyTorch's <c>numel()</c>).</summary>
    public int Count { get; }

    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => _dims.Length;

    /// <summary>Whether the elements are dense and row-major in the buffer (no view strides).</summary>
    public bool IsContiguous { get; }

    /// <summary>An optional name, shown when the tensor is printed and used in error messages.</summary>
    public string? Name { get; set; }

    /// <summary>The operation that produced this tensor, or null for a leaf (data or parameter).</summary>
    internal Op? Creator { get; set; }

    /// <summary>True for a tensor made by the user rather than by a differentiable operation.</summary>
    public bool IsLeaf => Creator is null;

    /// <summary>
    /// Whether gradients flow to this tensor. Set it on leaves (parameters); results of operations on
    /// such tensors require gradients automatically.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad || Creator is not null;
        set
        {
            if (!IsLeaf && !value)
            {
                throw new InvalidOperationException("RequiresGrad can only be cleared on a leaf tensor; use Detach() to cut a result out of the graph");
            }

            _requiresGrad = value;
        }
    }

    /// <summary>The gradient accumulated by <see cref="Backward(Tensor?, bool, bool)"/>, for leaves that require gradients.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>
    /// The forward-mode tangent (directional derivative) carried along with this value, when it was
    /// computed inside <see cref="ForwardAD"/>; null otherwise.
    /// </summary>
    public Tensor? Tangent { get; internal set; }

    /// <summary>Size of dimension <paramref name="dim"/>; negative values count from the end.</summary>
    public int Size(int dim) => _dims[NormalizeDim(dim, Rank, "size")];

    /// <summary>The value of a one-element tensor.</summary>
    public float Item() => (float)ItemAsDouble();

    /// <summary>The value of a one-element tensor, in double precision.</summary>
    public double ItemAsDouble()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"item: tensor of shape {Shape} has {Count} elements, not one");
        }

        return Backend.GetElement(this, Offset);
    }

    /// <summary>The element at the given indices (one per dimension).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] indices]
    {
        get => (float)Backend.GetElement(this, ElementIndex(indices));
        set => Backend.SetElement(this, ElementIndex(indices), value);
    }

    /// <summary>A copy of the elements in row-major order, as floats.</summary>
    public float[] ToArray()
    {
        var c = Contiguous().To(DType.Float32);
        var result = new float[c.Count];
        c.Backend.Download<float>(c, result);
        return result;
    }

    /// <summary>A copy of the elements in row-major order, as doubles.</summary>
    public double[] ToDoubleArray()
    {
        var c = Contiguous().To(DType.Float64);
        var result = new double[c.Count];
        c.Backend.Download<double>(c, result);
        return result;
    }

    /// <summary>This tensor if it is contiguous, otherwise a dense copy (differentiable).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Autograd.Ops.CopyOp.Apply(this);

    /// <summary>A tensor that shares this one's data but is cut out of the autograd graph.</summary>
    public Tensor Detach() => View(Offset, _dims, Strides);

    /// <summary>A dense copy that shares nothing with this tensor and is cut out of the graph.</summary>
    public Tensor Clone()
    {
        var r = EmptyLike(this);
        Backend.Copy(this, r);
        return r;
    }

    /// <summary>Converts to another element type (a copy, differentiable).</summary>
    public Tensor To(DType dtype) => dtype == DType ? this : Autograd.Ops.CastOp.Apply(this, dtype);

    /// <summary>Shorthand for <c>To(DType.Float64)</c>.</summary>
    public Tensor Double() => To(DType.Float64);

    /// <summary>Shorthand for <c>To(DType.Float32)</c>.</summary>
    public Tensor Float() => To(DType.Float32);

    /// <summary>Formats the tensor like PyTorch: nested brackets, then shape and dtype.</summary>
    public override string ToString() => TensorFormatter.Format(this);

    /// <summary>A contiguous version of this tensor, copied if needed, without recording anything in the graph (for kernels).</summary>
    internal Tensor Dense()
    {
        if (IsContiguous)
        {
            return this;
        }

        var copy = EmptyLike(this);
        Backend.Copy(this, copy);
        return copy;
    }

    private int ElementIndex(int[] indices)
    {
        if (indices.Length != Rank)
        {
            throw new ArgumentException($"index: tensor of shape {Shape} needs {Rank} indices, got {indices.Length}");
        }

        var at = Offset;
        for (var d = 0; d < Rank; d++)
        {
            var i = indices[d] < 0 ? indices[d] + _dims[d] : indices[d];
            if ((uint)i >= (uint)_dims[d])
            {
                throw new IndexOutOfRangeException($"index: {indices[d]} is out of range for dimension {d} of size {_dims[d]} (shape {Shape})");
            }

            at += i * Strides[d];
        }

        return at;
    }

    internal static int[] ContiguousStrides(ReadOnlySpan<int> dims)
    {
        var strides = new int[dims.Length];
        var s = 1;
        for (var d = dims.Length - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= dims[d];
        }

        return strides;
    }

    private static bool ComputeIsContiguous(int[] dims, int[] strides)
    {
        var expected = 1;
        for (var d = dims.Length - 1; d >= 0; d--)
        {
            if (dims[d] != 1 && strides[d] != expected)
            {
                return false;
            }

            expected *= dims[d];
        }

        return true;
    }

    /// <summary>Turns a possibly negative dimension into an index in [0, rank), or throws naming the op.</summary>
    internal static int NormalizeDim(int dim, int rank, string op)
    {
        var d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)Math.Max(rank, 1) || (rank == 0 && dim is not (0 or -1)))
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"{op}: dimension {dim} is out of range for a tensor of rank {rank}");
        }

        return d;
    }

    /// <summary>
    /// Allocates a contiguous tensor whose contents are undefined (a recycled buffer when a
    /// <see cref="TensorArena"/> scope is active): the caller overwrites every element.
    /// </summary>
    internal static Tensor Empty(int[] dims, DType dtype)
    {
        var n = Shape.Wrap(dims).ElementCount;
        if (TensorArena.Active is { } arena)
        {
            return new Tensor(arena.Rent(n, dtype), 0, dims, ContiguousStrides(dims), arena, arena.Generation);
        }

        return new Tensor(Backends.Backend.Current.Allocate(n, dtype, zeroed: false), 0, dims, ContiguousStrides(dims));
    }

    /// <summary>Allocates a contiguous tensor of zeros.</summary>
    internal static Tensor ZerosOf(int[] dims, DType dtype)
    {
        if (TensorArena.Active is not null)
        {
            var t = Empty(dims, dtype);
            t.Backend.Fill(t, 0);
            return t;
        }

        return new Tensor(Backends.Backend.Current.Allocate(Shape.Wrap(dims).ElementCount, dtype, zeroed: true), 0, dims, ContiguousStrides(dims));
    }

    internal static Tensor EmptyLike(Tensor t) => Empty((int[])t._dims.Clone(), t.DType);
}
