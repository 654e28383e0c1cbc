using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralSharp.Kernels;

/// <summary>Reductions along one axis of a contiguous tensor viewed as [outer, n, inner].</summary>
/// <remarks>
/// With inner = 1 each output is a dot-product-like sweep over a contiguous row; otherwise whole rows
/// of length inner are accumulated, which keeps both cases vectorised.
/// </remarks>
internal static class ReduceKernels
{
    /// <summary>Splits a shape around <paramref name="axis"/> into (outer, n, inner).</summary>
    public static (int Outer, int N, int Inner) Split(int[] dims, int axis)
    {
        int outer = 1, inner = 1;
        for (var d = 0; d < axis; d++)
        {
            outer *= dims[d];
        }

        for (var d = axis + 1; d < dims.Length; d++)
        {
            inner *= dims[d];
        }

        return (outer, dims[axis], inner);
    }

    /// <summary>Sums <paramref name="x"/> (contiguous) along an axis into <paramref name="result"/> (contiguous, outer*inner elements).</summary>
    public static void Sum(Tensor x, int axis, Tensor result)
    {
        var (outer, n, inner) = Split(x.Dims, axis);
        if (x.DType == DType.Float32)
        {
            Sum(x.Elements<float>(), outer, n, inner, result.Elements<float>());
        }
        else
        {
            Sum(x.Elements<double>(), outer, n, inner, result.Elements<double>());
        }
    }

    private static void Sum<T>(ReadOnlySpan<T> x, int outer, int n, int inner, Span<T> r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var o = 0; o < outer; o++)
        {
            var block = x.Slice(o * n * inner, n * inner);
            if (inner == 1)
            {
                r[o] = TP.Sum(block);
                continue;
            }

            var dst = r.Slice(o * inner, inner);
            dst.Clear();
            for (var i = 0; i < n; i++)
            {
                TP.Add(dst, block.Slice(i * inner, inner), dst);
            }
        }
    }

    /// <summary>Maximum along an axis, with the index of the first maximum (for the gradient, which max routes to one input).</summary>
    public static void Max(Tensor x, int axis, Tensor values, int[] indices)
    {
        var (outer, n, inner) = Split(x.Dims, axis);
        if (x.DType == DType.Float32)
        {
            Max(x.Elements<float>(), outer, n, inner, values.Elements<float>(), indices);
        }
        else
        {
            Max(x.Elements<double>(), outer, n, inner, values.Elements<double>(), indices);
        }
    }

    private static void Max<T>(ReadOnlySpan<T> x, int outer, int n, int inner, Span<T> values, int[] indices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0)
        {
            throw new ArgumentException("max: cannot reduce over an empty dimension");
        }

        for (var o = 0; o < outer; o++)
        {
            var block = x.Slice(o * n * inner, n * inner);
            if (inner == 1)
            {
                var k = TP.IndexOfMax(block);
                indices[o] = k;
                values[o] = block[k];
                continue;
            }

            for (var j = 0; j < inner; j++)
            {
                var best = block[j];
                var bi = 0;
                for (var i = 1; i < n; i++)
                {
                    var v = block[(i * inner) + j];
                    if (v > best || (T.IsNaN(v) && !T.IsNaN(best)))
                    {
                        best = v;
                        bi = i;
                    }
                }

                values[(o * inner) + j] = best;
                indices[(o * inner) + j] = bi;
            }
        }
    }
}
