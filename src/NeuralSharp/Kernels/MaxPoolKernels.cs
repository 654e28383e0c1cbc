using System.Numerics;
using NeuralSharp.Backends;

namespace NeuralSharp.Kernels;

/// <summary>
/// 2-D max pooling over planes [N C, H, W]: each output is the largest value of its window, the padding
/// counting as minus infinity. <see cref="Route{T}"/> sends values along the winners, both ways: from
/// the outputs back to the winning inputs (the gradient) and from the inputs to the outputs (a tangent).
/// </summary>
/// <remarks>The winner is the first largest element in row-major order within the window (as PyTorch
/// picks it), and a NaN wins over any number. The gradient finds the winners again from the input rather
/// than storing their indices: a second pass over memory the forward pass just read costs less than
/// an index array per step. Planes are split across threads; windows of one plane may overlap, so a
/// plane is never split, and the result is the same for any thread count.</remarks>
internal static class MaxPoolKernels
{
    /// <summary>y[p, oy, ox] = max of x[p] over the window at (oy, ox), for each of <paramref name="planes"/> planes.</summary>
    public static void Forward<T>(int planes, T[] x, int xOffset, in ConvGeometry g, T[] y, int yOffset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new Work<T>(g, x, xOffset, null, 0, y, yOffset, RouteDirection.None);
        Parallelism.For(planes, Parallelism.ThreadCount, ref work);
    }

    /// <summary>
    /// With <paramref name="toInputs"/>, result [planes, H, W] = the sum of values [planes, OH, OW] over
    /// the windows each input wins (result overwritten); without, result [planes, OH, OW] = values
    /// [planes, H, W] at each window's winner.
    /// </summary>
    public static void Route<T>(int planes, T[] x, int xOffset, in ConvGeometry g, T[] values, int valuesOffset, T[] result, int resultOffset, bool toInputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new Work<T>(g, x, xOffset, values, valuesOffset, result, resultOffset, toInputs ? RouteDirection.ToInputs : RouteDirection.ToOutputs);
        Parallelism.For(planes, Parallelism.ThreadCount, ref work);
    }

    private enum RouteDirection
    {
        None,
        ToInputs,
        ToOutputs,
    }

    private readonly struct Work<T>(ConvGeometry g, T[] x, int xOffset, T[]? values, int valuesOffset, T[] result, int resultOffset, RouteDirection direction) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int plane)
        {
            int inPlane = g.Height * g.Width, outPlane = g.OutHeight * g.OutWidth;
            var input = x.AsSpan(xOffset + (plane * inPlane), inPlane);
            var inputSide = direction == RouteDirection.ToInputs;
            var target = result.AsSpan(resultOffset + (plane * (inputSide ? inPlane : outPlane)), inputSide ? inPlane : outPlane);
            ReadOnlySpan<T> source = values is null ? default : values.AsSpan(valuesOffset + (plane * (inputSide ? outPlane : inPlane)), inputSide ? outPlane : inPlane);
            if (inputSide)
            {
                target.Clear();
            }

            var o = 0;
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                for (var ox = 0; ox < g.OutWidth; ox++, o++)
                {
                    var (best, at) = Winner(input, oy, ox);
                    switch (direction)
                    {
                        case RouteDirection.None:
                            target[o] = best;
                            break;
                        case RouteDirection.ToInputs:
                            if (at >= 0)
                            {
                                target[at] += source[o];
                            }

                            break;
                        default:
                            target[o] = at >= 0 ? source[at] : T.Zero;
                            break;
                    }
                }
            }
        }

        /// <summary>The largest value of the window at (oy, ox) and its index in the plane (-1 if the window lies in the padding).</summary>
        private (T Value, int Index) Winner(ReadOnlySpan<T> input, int oy, int ox)
        {
            int top = (oy * g.StrideHeight) - g.PadTop, left = (ox * g.StrideWidth) - g.PadLeft;
            var (i0, i1) = Taps(top, g.Height, g.KernelHeight, g.DilationHeight);
            var (j0, j1) = Taps(left, g.Width, g.KernelWidth, g.DilationWidth);
            var best = T.NegativeInfinity;
            var at = -1;
            for (var i = i0; i < i1; i++)
            {
                var start = ((top + (i * g.DilationHeight)) * g.Width) + left;
                for (var j = j0; j < j1; j++)
                {
                    var index = start + (j * g.DilationWidth);
                    var v = input[index];

                    // A NaN wins over any number, as in PyTorch.
                    if (at < 0 || v > best || (T.IsNaN(v) && !T.IsNaN(best)))
                    {
                        best = v;
                        at = index;
                    }
                }
            }

            return (best, at);
        }

        /// <summary>The kernel taps [first, last) of a window starting at <paramref name="start"/> that land inside [0, size).</summary>
        private static (int First, int Last) Taps(int start, int size, int kernel, int dilation)
        {
            var first = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
            var last = size - start <= 0 ? 0 : Math.Min(kernel, (size - start + dilation - 1) / dilation);
            return (first, Math.Max(first, last));
        }
    }
}
