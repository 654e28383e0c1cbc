namespace NeuralSharp.Kernels;

/// <summary>
/// Walks the outer dimensions of up to three strided operands in row-major order, leaving the
/// innermost run to a vectorised span kernel.
/// </summary>
/// <remarks>
/// Adjacent dimensions that are laid out one after the other in every operand are merged first, so a
/// contiguous tensor is a single run and a bias broadcast over a batch is one run per row.
/// </remarks>
internal sealed class StridedIterator
{
    private readonly int[] _dims;
    private readonly int[][] _strides;
    private readonly int[] _index;

    /// <summary>Prepares the walk. <paramref name="strides"/> holds one stride array per operand, all of the rank of <paramref name="dims"/>.</summary>
    public StridedIterator(int[] dims, int[] offsets, params int[][] strides)
    {
        (_dims, _strides) = Coalesce(dims, strides);
        var rank = _dims.Length;
        InnerLength = rank == 0 ? 1 : _dims[rank - 1];
        InnerStrides = new int[strides.Length];
        for (var k = 0; k < strides.Length; k++)
        {
            InnerStrides[k] = rank == 0 ? 1 : _strides[k][rank - 1];
        }

        _index = new int[Math.Max(rank - 1, 0)];
        long runs = 1;
        for (var d = 0; d < rank; d++)
        {
            runs *= _dims[d];
        }

        RunCount = InnerLength == 0 ? 0 : (int)(runs / InnerLength);
        Offsets = (int[])offsets.Clone();
    }

    /// <summary>The length of each innermost run.</summary>
    public int InnerLength { get; }

    /// <summary>How many innermost runs there are.</summary>
    public int RunCount { get; }

    /// <summary>The stride of each operand along the innermost run (0 means the operand is broadcast).</summary>
    public int[] InnerStrides { get; }

    /// <summary>The start of the current run in each operand's buffer.</summary>
    public int[] Offsets { get; }

    /// <summary>Advances the offsets past the run just processed.</summary>
    public void Advance()
    {
        for (var d = _index.Length - 1; d >= 0; d--)
        {
            _index[d]++;
            for (var k = 0; k < _strides.Length; k++)
            {
                Offsets[k] += _strides[k][d];
            }

            if (_index[d] < _dims[d])
            {
                break;
            }

            for (var k = 0; k < _strides.Length; k++)
            {
                Offsets[k] -= _strides[k][d] * _dims[d];
            }

            _index[d] = 0;
        }
    }

    private static (int[] Dims, int[][] Strides) Coalesce(int[] dims, int[][] strides)
    {
        var outDims = new List<int>(dims.Length);
        var outStrides = new List<int>[strides.Length];
        for (var k = 0; k < strides.Length; k++)
        {
            outStrides[k] = new List<int>(dims.Length);
        }

        for (var d = 0; d < dims.Length; d++)
        {
            if (dims[d] == 1 && dims.Length > 1)
            {
                continue; // size-1 dimensions never move the offsets
            }

            var last = outDims.Count - 1;
            var merge = last >= 0;
            for (var k = 0; k < strides.Length && merge; k++)
            {
                merge = outStrides[k][last] == strides[k][d] * dims[d];
            }

            if (merge)
            {
                outDims[last] *= dims[d];
                for (var k = 0; k < strides.Length; k++)
                {
                    outStrides[k][last] = strides[k][d];
                }
            }
            else
            {
                outDims.Add(dims[d]);
                for (var k = 0; k < strides.Length; k++)
                {
                    outStrides[k].Add(strides[k][d]);
                }
            }
        }

        return (outDims.ToArray(), Array.ConvertAll(outStrides, s => s.ToArray()));
    }
}
