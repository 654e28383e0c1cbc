using NeuralSharp.Autograd.Ops;

namespace NeuralSharp;

/// <summary>
/// Shape helpers for image and sequence layers, with PyTorch's names and semantics. All but
/// <see cref="Pad"/> are compositions of the differentiable primitives (reshape, narrow, concat, expand),
/// so both derivatives come from those.
/// </summary>
public sealed partial class Tensor
{
    /// <summary>Removes every dimension of size 1 (a scalar stays a scalar).</summary>
    public Tensor Squeeze() => Reshape(Dims.Where(d => d != 1).ToArray());

    /// <summary>Removes dimension <paramref name="dim"/> if its size is 1; otherwise returns the tensor unchanged, as torch.squeeze does.</summary>
    public Tensor Squeeze(int dim)
    {
        var d = NormalizeDim(dim, Rank, "squeeze");
        return Rank == 0 || Dims[d] != 1 ? this : Reshape(Dims.Where((_, i) => i != d).ToArray());
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>, in [-rank - 1, rank].</summary>
    public Tensor Unsqueeze(int dim)
    {
        var d = dim < 0 ? dim + Rank + 1 : dim;
        if (d < 0 || d > Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"unsqueeze: dimension {dim} is out of range for a tensor of shape {Shape} (expects [{-Rank - 1}, {Rank}])");
        }

        var dims = Dims.ToList();
        dims.Insert(d, 1);
        return Reshape([.. dims]);
    }

    /// <summary>Joins tensors of the same shape along a new dimension <paramref name="dim"/>, in [-rank - 1, rank].</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0)
        {
            throw new ArgumentException("stack: no tensors to stack");
        }

        foreach (var t in tensors)
        {
            if (t.Shape != tensors[0].Shape)
            {
                throw new ArgumentException($"stack: shapes {tensors[0].Shape} and {t.Shape} differ");
            }
        }

        var parts = tensors.Select(t => t.Unsqueeze(dim)).ToArray();
        return Concat(parts, dim < 0 ? dim + tensors[0].Rank + 1 : dim);
    }

    /// <summary>
    /// Views of consecutive pieces of <paramref name="splitSize"/> elements along <paramref name="dim"/>;
    /// the last is smaller when the size does not divide evenly (torch.split).
    /// </summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        var d = NormalizeDim(dim, Rank, "split");
        if (splitSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(splitSize), $"split: piece size {splitSize} for shape {Shape} must be positive");
        }

        var n = Dims[d];
        if (n == 0)
        {
            return [this];
        }

        var pieces = new Tensor[(n + splitSize - 1) / splitSize];
        for (var i = 0; i < pieces.Length; i++)
        {
            pieces[i] = Narrow(d, i * splitSize, Math.Min(splitSize, n - (i * splitSize)));
        }

        return pieces;
    }

    /// <summary>Views of consecutive pieces of the given sizes along <paramref name="dim"/>; the sizes must add up to the dimension's size (torch.split).</summary>
    public Tensor[] Split(int[] sizes, int dim = 0)
    {
        var d = NormalizeDim(dim, Rank, "split");
        if (sizes.Any(s => s < 0) || sizes.Sum() != Dims[d])
        {
            throw new ArgumentException($"split: sizes {NeuralSharp.Shape.Format(sizes)} do not add up to dimension {dim} of shape {Shape}");
        }

        var pieces = new Tensor[sizes.Length];
        var at = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            pieces[i] = Narrow(d, at, sizes[i]);
            at += sizes[i];
        }

        return pieces;
    }

    /// <summary>
    /// At most <paramref name="chunks"/> views along <paramref name="dim"/>, each of ceil(size / chunks)
    /// elements except perhaps the last; fewer when the size is not large enough (torch.chunk: 5 elements in
    /// 4 chunks are pieces of 2, 2 and 1).
    /// </summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        var d = NormalizeDim(dim, Rank, "chunk");
        if (chunks <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chunks), $"chunk: {chunks} chunks for shape {Shape}: expects at least one");
        }

        return Split(Math.Max(1, (Dims[d] + chunks - 1) / chunks), d);
    }

    /// <summary>
    /// Tiles the tensor <paramref name="repeats"/>[i] times along each dimension (torch.Tensor.repeat);
    /// more repeats than dimensions add leading dimensions: [2, 3] repeated (4, 1, 2) is [4, 2, 6].
    /// </summary>
    public Tensor Repeat(params int[] repeats)
    {
        if (repeats.Length < Rank)
        {
            throw new ArgumentException($"repeat: {repeats.Length} repeat counts for a tensor of shape {Shape}: expects at least {Rank}");
        }

        if (repeats.Any(r => r < 0))
        {
            throw new ArgumentException($"repeat: repeat counts {NeuralSharp.Shape.Format(repeats)} for shape {Shape} must not be negative");
        }

        // [d0, d1] -> [1, d0, 1, d1] -> expand to [r0, d0, r1, d1] -> [r0 * d0, r1 * d1]: the tiles are
        // copies by stride 0, and the expand's reverse derivative sums them back.
        var lead = repeats.Length - Rank;
        var interleaved = new int[2 * repeats.Length];
        var expanded = new int[2 * repeats.Length];
        var result = new int[repeats.Length];
        for (var i = 0; i < repeats.Length; i++)
        {
            var size = i < lead ? 1 : Dims[i - lead];
            interleaved[2 * i] = 1;
            interleaved[(2 * i) + 1] = size;
            expanded[2 * i] = repeats[i];
            expanded[(2 * i) + 1] = size;
            result[i] = repeats[i] * size;
        }

        return Reshape(interleaved).Expand(expanded).Reshape(result);
    }

    /// <summary>
    /// Constant padding, as torch.nn.functional.pad: <paramref name="pads"/> gives (before, after) pairs from
    /// the last dimension backwards, so (1, 1, 2, 0) adds a column each side and two rows on top. Negative pads crop.
    /// </summary>
    public Tensor Pad(int[] pads, double value = 0) => PadOp.Apply(this, pads, value);
}
