using System.Collections;
using System.Runtime.CompilerServices;

namespace NeuralSharp;

/// <summary>The sizes of a tensor's dimensions, outermost first (PyTorch's <c>torch.Size</c>).</summary>
/// <remarks>Immutable: the dimensions array is never exposed for writing.</remarks>
[CollectionBuilder(typeof(Shape), nameof(Create))]
public readonly struct Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[]? _dims;

    /// <summary>
    /// The most dimensions a tensor may have (NumPy's limit; PyTorch's on the GPU). Real networks use at most six or so;
    /// the bound keeps element-wise and broadcasting ops, whose bookkeeping grows with the rank, cheap on any input.
    /// </summary>
    public const int MaxRank = 64;

    /// <summary>Creates a shape from its dimensions; every dimension must be non-negative and there may be at most <see cref="MaxRank"/>.</summary>
    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        CheckRank(dims.Length);
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"shape {Format(dims)}: dimensions must be non-negative");
            }
        }

        _dims = (int[])dims.Clone();
    }

    private Shape(int[] dims, bool _) => _dims = dims;

    /// <summary>Builds a shape from a collection expression such as <c>[2, 3]</c>.</summary>
    public static Shape Create(ReadOnlySpan<int> dims) => new(dims.ToArray());

    internal static Shape Wrap(int[] dims)
    {
        CheckRank(dims.Length);
        return new(dims, false);
    }

    private static void CheckRank(int rank)
    {
        if (rank > MaxRank)
        {
            throw new ArgumentException($"a shape of rank {rank:N0}: tensors have at most {MaxRank} dimensions");
        }
    }

    internal int[] Dims => _dims ?? [];

    /// <summary>The number of dimensions.</summary>
    public int Rank => Dims.Length;

    /// <summary>Same as <see cref="Rank"/>, for collection initialisers and LINQ.</summary>
    public int Count => Dims.Length;

    /// <summary>The size of dimension <paramref name="index"/>; negative indices count from the end.</summary>
    public int this[int index] => Dims[index < 0 ? index + Dims.Length : index];

    /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Dims)
            {
                n *= d;
                if (n > Array.MaxLength)
                {
                    throw new ArgumentException($"shape {this}: more elements than an array can hold");
                }
            }

            return (int)n;
        }
    }

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])Dims.Clone();

    /// <inheritdoc />
    public bool Equals(Shape other) => Dims.AsSpan().SequenceEqual(other.Dims);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var d in Dims)
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <summary>Formats as <c>[2, 3]</c>, the notation every error message uses.</summary>
    public override string ToString() => Format(Dims);

    internal static string Format(ReadOnlySpan<int> dims) => "[" + string.Join(", ", dims.ToArray()) + "]";

    /// <inheritdoc />
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Compares two shapes dimension by dimension.</summary>
    public static bool operator ==(Shape a, Shape b) => a.Equals(b);

    /// <summary>Compares two shapes dimension by dimension.</summary>
    public static bool operator !=(Shape a, Shape b) => !a.Equals(b);

    /// <summary>Lets an <c>int[]</c> stand wherever a shape is expected.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);
}
