namespace NeuralSharp;

/// <summary>NumPy's broadcasting rule, written once for every element-wise operation.</summary>
/// <remarks>
/// Shapes are aligned at their last dimension; a dimension of size 1 (or a missing one) stretches to
/// match the other. Gradients flowing back through a broadcast are summed back to the input's shape
/// in one place, the autograd engine (see <c>SumToShape</c>).
/// </remarks>
internal static class Broadcasting
{
    /// <summary>The shape of the result of an element-wise operation between two shapes.</summary>
    public static int[] Shape(int[] a, int[] b, string op)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException(
                    $"{op}: shapes {NeuralSharp.Shape.Format(a)} and {NeuralSharp.Shape.Format(b)} cannot be broadcast together (dimension {i}: {da} vs {db})");
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>
    /// The strides with which to read <paramref name="t"/> when it is broadcast to <paramref name="target"/>:
    /// 0 along stretched dimensions, so every output index maps to an element of t.
    /// </summary>
    public static int[] Strides(Tensor t, int[] target)
    {
        var strides = new int[target.Length];
        var shift = target.Length - t.Rank;
        for (var i = 0; i < t.Rank; i++)
        {
            strides[i + shift] = t.Dims[i] == 1 && target[i + shift] != 1 ? 0 : t.Strides[i];
        }

        return strides;
    }
}
