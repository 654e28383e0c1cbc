using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// an index array per step. Windows wholly inside the plane (every window, without padding) take a path
/// with no clipping arithmetic and no data-dependent jumps (see <see cref="Window"/>); on a LeNet-sized
/// input that made the forward pass about 3 times faster. Planes are split across threads; windows of one plane may overlap, so a
/// plane is never split, and the result is the same for any thread count.</remarks>
internal static class MaxPoolKernels
{
    /// <summary>
    /// y[p, oy, ox] = max of x[p] over the window at (oy, ox), for each of <paramref name="planes"/> planes; with
    /// <paramref name="relu"/>, max(0, that): a ReLU before the pooling, fused (the ReLU is monotone, so it commutes with the max).
    /// </summary>
    public static void Forward<T>(int planes, T[] x, int xOffset, in ConvGeometry g, T[] y, int yOffset, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new Work<T>(g, x, xOffset, null, 0, y, yOffset, RouteDirection.None, relu);
        Parallelism.For(planes, Parallelism.ThreadCount, ref work);
    }

    /// <summary>
    /// With <paramref name="toInputs"/>, result [planes, H, W] = the sum of values [planes, OH, OW] over
    /// the windows each input wins (result overwritten); without, result [planes, OH, OW] = values
    /// [planes, H, W] at each window's winner. With <paramref name="relu"/>, only windows whose largest value is above zero
    /// route anything (the others send and get zeros): the gradient and tangent of the ReLU-then-pool that
    /// <see cref="Forward{T}"/> fuses, equal bit for bit to the ReLU's gradient after the pooling's.
    /// </summary>
    public static void Route<T>(int planes, T[] x, int xOffset, in ConvGeometry g, T[] values, int valuesOffset, T[] result, int resultOffset, bool toInputs, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new Work<T>(g, x, xOffset, values, valuesOffset, result, resultOffset, toInputs ? RouteDirection.ToInputs : RouteDirection.ToOutputs, relu);
        Parallelism.For(planes, Parallelism.ThreadCount, ref work);
    }

    /// <summary>
    /// A window with every tap inside the plane: its taps and the steps between them in the flat plane.
    /// Which tap wins is as unpredictable as the data, so both searches are written without data-dependent
    /// jumps (a max, and a select by bit mask); mispredicted jumps would cost more than the comparisons.
    /// </summary>
    private readonly record struct Window(int Rows, int Cols, int RowStep, int ColStep)
    {
        /// <summary>The largest value of the window whose first tap is at <paramref name="first"/> (a NaN if any tap is one).</summary>
        public T Max<T>(ReadOnlySpan<T> input, int first)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            if (Rows == 2 && Cols == 2)
            {
                // The common 2 x 2 window as a tree of two levels: a shorter chain of dependent steps than a loop.
                return T.Max(T.Max(input[first], input[first + ColStep]), T.Max(input[first + RowStep], input[first + RowStep + ColStep]));
            }

            var best = input[first];
            for (var i = 0; i < Rows; i++)
            {
                var start = first + (i * RowStep);
                for (var j = 0; j < Cols; j++)
                {
                    best = T.Max(best, input[start + (j * ColStep)]);
                }
            }

            return best;
        }

        /// <summary>The index of the window's first tap (row-major) equal to <paramref name="best"/>, its largest value, or of its first NaN.</summary>
        public int ArgMax<T>(ReadOnlySpan<T> input, int first, T best)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            var at = first;
            if (T.IsNaN(best))
            {
                while (!T.IsNaN(input[at]))
                {
                    at = Next(at, first);
                }

                return at;
            }

            if (Rows == 2 && Cols == 2)
            {
                bool e0 = input[first] == best, e1 = input[first + ColStep] == best, e2 = input[first + RowStep] == best;
                var bits = Unsafe.As<bool, byte>(ref e0) | (Unsafe.As<bool, byte>(ref e1) << 1) | (Unsafe.As<bool, byte>(ref e2) << 2) | 8;
                var tap = BitOperations.TrailingZeroCount(bits);
                return first + ((tap & 1) * ColStep) + ((tap >> 1) * RowStep);
            }

            // Windows of up to 8 x 8 taps: bit 8 i + j marks tap (i, j) equal to the largest value, so the
            // lowest set bit is the first such tap in row-major order.
            if (Rows <= 8 && Cols <= 8)
            {
                var equal = 0UL;
                for (var i = 0; i < Rows; i++)
                {
                    var start = first + (i * RowStep);
                    for (var j = 0; j < Cols; j++)
                    {
                        var hit = input[start + (j * ColStep)] == best;
                        equal |= (ulong)Unsafe.As<bool, byte>(ref hit) << ((8 * i) + j);
                    }
                }

                var tap = BitOperations.TrailingZeroCount(equal);
                return first + ((tap >> 3) * RowStep) + ((tap & 7) * ColStep);
            }

            // Larger windows: from the last tap back to the first, so the earliest equal tap is the one kept.
            for (var i = Rows - 1; i >= 0; i--)
            {
                var start = first + (i * RowStep);
                for (var j = Cols - 1; j >= 0; j--)
                {
                    var index = start + (j * ColStep);
                    var hit = input[index] == best;
                    var mask = -Unsafe.As<bool, byte>(ref hit);
                    at = (index & mask) | (at & ~mask);
                }
            }

            return at;
        }

        private int Next(int at, int first)
        {
            var offset = at - first;
            var (row, col) = (offset / RowStep, offset % RowStep / ColStep);
            return col + 1 < Cols ? at + ColStep : first + ((row + 1) * RowStep);
        }
    }

    private enum RouteDirection
    {
        None,
        ToInputs,
        ToOutputs,
    }

    private readonly struct Work<T>(ConvGeometry g, T[] x, int xOffset, T[]? values, int valuesOffset, T[] result, int resultOffset, RouteDirection direction, bool relu) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int plane)
        {
            int inPlane = g.Height * g.Width, outPlane = g.OutHeight * g.OutWidth;
            var input = x.AsSpan(xOffset + (plane * inPlane), inPlane);
            var inputSide = direction == RouteDirection.ToInputs;
            var target = result.AsSpan(resultOffset + (plane * (inputSide ? inPlane : outPlane)), inputSide ? inPlane : outPlane);
            ReadOnlySpan<T> source = values is null ? default : values.AsSpan(valuesOffset + (plane * (inputSide ? outPlane : inPlane)), inputSide ? outPlane : inPlane);
            if (g is { KernelHeight: 2, KernelWidth: 2, StrideHeight: 2, StrideWidth: 2, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0, DilationHeight: 1, DilationWidth: 1 })
            {
                Pairs(input, source, target);
                return;
            }

            if (inputSide)
            {
                target.Clear();
            }

            // Windows that lie wholly inside the plane (all of them when there is no padding) skip the
            // clipping arithmetic, whose integer divisions would cost more than the comparisons. The
            // geometry's output sizes are computed properties (a division each), so they are read once.
            int outHeight = g.OutHeight, outWidth = g.OutWidth;
            var (oxFirst, oxLast) = Inside(g.PadLeft, g.Width, g.KernelWidth, g.DilationWidth, g.StrideWidth, outWidth);
            var (oyFirst, oyLast) = Inside(g.PadTop, g.Height, g.KernelHeight, g.DilationHeight, g.StrideHeight, outHeight);
            var window = new Window(g.KernelHeight, g.KernelWidth, g.DilationHeight * g.Width, g.DilationWidth);
            var o = 0;
            for (var oy = 0; oy < outHeight; oy++)
            {
                var rowInside = oy >= oyFirst && oy < oyLast;
                var rowStart = ((oy * g.StrideHeight) - g.PadTop) * g.Width;
                for (var ox = 0; ox < outWidth; ox++, o++)
                {
                    T best;
                    int at;
                    if (rowInside && ox >= oxFirst && ox < oxLast)
                    {
                        var first = rowStart + (ox * g.StrideWidth) - g.PadLeft;
                        best = window.Max(input, first);
                        at = direction == RouteDirection.None ? first : window.ArgMax(input, first, best);
                    }
                    else
                    {
                        (best, at) = Winner(input, oy, ox);
                    }

                    if (relu && direction != RouteDirection.None && !(best > T.Zero))
                    {
                        at = -1; // the ReLU's gradient is zero there (and for a NaN)
                    }

                    switch (direction)
                    {
                        case RouteDirection.None:
                            target[o] = relu ? T.Max(best, T.Zero) : best;
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

        /// <summary>
        /// The common 2 x 2 window with stride 2 and no padding: the windows do not overlap, so the gradient writes every
        /// input once (the winner 0 + dy, as the general path's cleared sum gives, the others zero) instead of clearing the
        /// plane and adding into it, and the four taps are compared without loops or jumps.
        /// </summary>
        private void Pairs(ReadOnlySpan<T> input, ReadOnlySpan<T> source, Span<T> target)
        {
            int width = g.Width, outHeight = g.OutHeight, outWidth = g.OutWidth;
            if (direction == RouteDirection.ToInputs && (g.Height != 2 * outHeight || width != 2 * outWidth))
            {
                target.Clear(); // an odd last row or column lies in no window
            }

            if (typeof(T) == typeof(float) && direction != RouteDirection.ToOutputs && MaxPool2x2Avx512.IsSupported)
            {
                Vectorised(MemoryMarshal.Cast<T, float>(input), MemoryMarshal.Cast<T, float>(source), MemoryMarshal.Cast<T, float>(target), width, outHeight, outWidth);
                return;
            }

            Span<T> pick = [T.Zero, T.Zero]; // [closed, open]: a select by index
            for (var oy = 0; oy < outHeight; oy++)
            {
                var row = 2 * oy * width;
                var o = oy * outWidth;
                for (var ox = 0; ox < outWidth; ox++, o++)
                {
                    var i = row + (2 * ox);
                    T a = input[i], b = input[i + 1], c = input[i + width], d = input[i + width + 1];
                    var best = T.Max(T.Max(a, b), T.Max(c, d));
                    if (direction == RouteDirection.None)
                    {
                        target[o] = relu ? T.Max(best, T.Zero) : best;
                        continue;
                    }

                    // The first tap equal to the largest value, or the first NaN (then every number differs from it).
                    // Non-short-circuit ors and selects by index: jumps on the data would be mispredicted.
                    bool e0 = (a == best) | T.IsNaN(a), e1 = (b == best) | T.IsNaN(b), e2 = (c == best) | T.IsNaN(c);
                    var bits = Unsafe.As<bool, byte>(ref e0) | (Unsafe.As<bool, byte>(ref e1) << 1) | (Unsafe.As<bool, byte>(ref e2) << 2) | 8;
                    var tap = BitOperations.TrailingZeroCount(bits);
                    var winner = i + (tap & 1) + ((tap >> 1) * width);
                    var open = !relu | (best > T.Zero);
                    var gate = Unsafe.As<bool, byte>(ref open);
                    if (direction == RouteDirection.ToOutputs)
                    {
                        pick[1] = source[winner];
                        target[o] = pick[gate];
                        continue;
                    }

                    pick[1] = T.Zero + source[o];
                    target[i] = T.Zero;
                    target[i + 1] = T.Zero;
                    target[i + width] = T.Zero;
                    target[i + width + 1] = T.Zero;
                    target[winner] = pick[gate];
                }
            }
        }

        private unsafe void Vectorised(ReadOnlySpan<float> input, ReadOnlySpan<float> source, Span<float> target, int width, int outHeight, int outWidth)
        {
            fixed (float* x = input, v = source, t = target)
            {
                if (direction == RouteDirection.None)
                {
                    MaxPool2x2Avx512.Forward(x, width, outHeight, outWidth, t, relu);
                }
                else
                {
                    MaxPool2x2Avx512.ToInputs(x, v, width, outHeight, outWidth, t, relu);
                }
            }
        }

        /// <summary>The outputs [first, last) along one axis whose windows lie wholly inside [0, size).</summary>
        private static (int First, int Last) Inside(int pad, int size, int kernel, int dilation, int stride, int outSize)
        {
            var first = (pad + stride - 1) / stride;
            var span = (kernel - 1) * dilation;
            var last = size - 1 - span + pad < 0 ? 0 : Math.Min(outSize, ((size - 1 - span + pad) / stride) + 1);
            return (first, Math.Max(first, last));
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
