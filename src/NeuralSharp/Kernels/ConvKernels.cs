using System.Numerics;
using NeuralSharp.Backends;

namespace NeuralSharp.Kernels;

/// <summary>
/// The column form of a convolution (PyTorch's <c>unfold</c> and <c>fold</c>): <see cref="Im2Col"/> lays
/// every window of an image out as one column, so that the convolution becomes one matrix product with
/// the kernel matrix [out, C kh kw]; <see cref="Col2Im"/> is its adjoint, adding each column back where
/// its window came from (the input gradient, and the transposed convolution).
/// </summary>
internal static class ConvKernels
{
    /// <summary>
    /// columns[(c kh + i) kw + j, oh OW + ow] = image[c, oh sh - top + i dh, ow sw - left + j dw], zero
    /// outside the image; image is [C, H, W] and columns [C kh kw, OH OW], both dense.
    /// </summary>
    /// <remarks>With a <paramref name="rowStride"/>, the rows of columns are that far apart: several images'
    /// windows side by side in one column matrix [C kh kw, images x OH OW], this image's starting where
    /// <paramref name="columns"/> starts. 0 means OH OW, one image's columns alone.</remarks>
    public static void Im2Col<T>(ReadOnlySpan<T> image, in ConvGeometry g, Span<T> columns, int rowStride = 0)
        where T : unmanaged, IFloatingPointIeee754<T> => Walk(image, columns, g, fold: false, rowStride == 0 ? g.OutHeight * g.OutWidth : rowStride);

    /// <summary>image[c, iy, ix] += columns[...] for every window tap that reads (c, iy, ix): the adjoint of <see cref="Im2Col{T}"/>, with the same <paramref name="rowStride"/>.</summary>
    public static void Col2Im<T>(ReadOnlySpan<T> columns, in ConvGeometry g, Span<T> image, int rowStride = 0)
        where T : unmanaged, IFloatingPointIeee754<T> => Walk(columns, image, g, fold: true, rowStride == 0 ? g.OutHeight * g.OutWidth : rowStride);

    /// <summary>
    /// Visits every (channel, kernel tap, output row) once, pairing a run of output positions with the
    /// image row it reads: unfolding copies image to columns (zeros where the window hangs over the
    /// padding), folding adds the columns back into the image. One walk, so the two stay adjoint.
    /// </summary>
    private static void Walk<T>(ReadOnlySpan<T> src, Span<T> dst, in ConvGeometry g, bool fold, int rowStride)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int oh = g.OutHeight, ow = g.OutWidth, plane = g.Height * g.Width;
        var row = 0;
        for (var c = 0; c < g.Channels; c++)
        {
            for (var i = 0; i < g.KernelHeight; i++)
            {
                for (var j = 0; j < g.KernelWidth; j++, row++)
                {
                    var (first, last) = ValidRange(ow, g.Width, g.StrideWidth, (j * g.DilationWidth) - g.PadLeft);
                    for (var y = 0; y < oh; y++)
                    {
                        var column = (row * rowStride) + (y * ow);
                        var iy = (y * g.StrideHeight) - g.PadTop + (i * g.DilationHeight);
                        var inside = (uint)iy < (uint)g.Height && first < last;
                        if (!fold)
                        {
                            var d = dst.Slice(column, ow);
                            if (!inside)
                            {
                                d.Clear();
                                continue;
                            }

                            d[..first].Clear();
                            d[last..].Clear();
                        }
                        else if (!inside)
                        {
                            continue;
                        }

                        var imageRow = (c * plane) + (iy * g.Width);
                        var ix = (first * g.StrideWidth) - g.PadLeft + (j * g.DilationWidth);
                        if (g.StrideWidth == 1)
                        {
                            var n = last - first;
                            if (fold)
                            {
                                var d = dst.Slice(imageRow + ix, n);
                                System.Numerics.Tensors.TensorPrimitives.Add(d, src.Slice(column + first, n), d);
                            }
                            else
                            {
                                src.Slice(imageRow + ix, n).CopyTo(dst.Slice(column + first, n));
                            }
                        }
                        else
                        {
                            for (var x = first; x < last; x++, ix += g.StrideWidth)
                            {
                                if (fold)
                                {
                                    dst[imageRow + ix] += src[column + x];
                                }
                                else
                                {
                                    dst[column + x] = src[imageRow + ix];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output positions [first, last) whose tap x stride + shift falls inside [0, size).</summary>
    private static (int First, int Last) ValidRange(int outSize, int size, int stride, int shift)
    {
        // x stride + shift >= 0  <=>  x >= ceil(-shift / stride); x stride + shift < size <=> x < ceil((size - shift) / stride).
        var first = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
        var last = size - shift <= 0 ? 0 : Math.Min(outSize, (size - shift + stride - 1) / stride);
        return (Math.Min(first, outSize), Math.Max(last, 0));
    }
}
