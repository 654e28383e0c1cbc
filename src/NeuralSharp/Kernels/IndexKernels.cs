using System.Numerics;

namespace NeuralSharp.Kernels;

/// <summary>
/// Picking elements or slices by index along one dimension, and the adjoints that add them back. A
/// dense tensor is viewed as [outer, n, inner] around the indexed dimension (see <see cref="ReduceKernels.Split"/>).
/// </summary>
internal static class IndexKernels
{
    /// <summary>result[o, j] = x[o, indices[o, j], j].</summary>
    public static void Gather<T>(ReadOnlySpan<T> x, int[] dims, int axis, ReadOnlySpan<int> indices, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outer, n, inner) = ReduceKernels.Split(dims, axis);
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                result[(o * inner) + j] = x[(((o * n) + indices[(o * inner) + j]) * inner) + j];
            }
        }
    }

    /// <summary>result[o, indices[o, j], j] += values[o, j]; <paramref name="dims"/> is the result's shape.</summary>
    public static void ScatterAdd<T>(ReadOnlySpan<T> values, int[] dims, int axis, ReadOnlySpan<int> indices, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outer, n, inner) = ReduceKernels.Split(dims, axis);
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                result[(((o * n) + indices[(o * inner) + j]) * inner) + j] += values[(o * inner) + j];
            }
        }
    }

    /// <summary>result[o, k, :] = x[o, indices[k], :]; <paramref name="dims"/> is the source's shape.</summary>
    public static void IndexSelect<T>(ReadOnlySpan<T> x, int[] dims, int axis, ReadOnlySpan<int> indices, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outer, n, inner) = ReduceKernels.Split(dims, axis);
        for (var o = 0; o < outer; o++)
        {
            for (var k = 0; k < indices.Length; k++)
            {
                x.Slice(((o * n) + indices[k]) * inner, inner).CopyTo(result.Slice(((o * indices.Length) + k) * inner, inner));
            }
        }
    }

    /// <summary>result[o, indices[k], :] += values[o, k, :] (indices may repeat); <paramref name="dims"/> is the result's shape.</summary>
    public static void IndexAdd<T>(ReadOnlySpan<T> values, int[] dims, int axis, ReadOnlySpan<int> indices, Span<T> result)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (outer, n, inner) = ReduceKernels.Split(dims, axis);
        for (var o = 0; o < outer; o++)
        {
            for (var k = 0; k < indices.Length; k++)
            {
                var to = result.Slice(((o * n) + indices[k]) * inner, inner);
                System.Numerics.Tensors.TensorPrimitives.Add(to, values.Slice(((o * indices.Length) + k) * inner, inner), to);
            }
        }
    }
}
