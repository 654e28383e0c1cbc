using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using NeuralSharp.Backends;

namespace NeuralSharp.Kernels;

/// <summary>
/// A 2-D convolution and its two gradients as one matrix product per image over the image's unfolded
/// windows: y_n = W cols_n (+ b), dW = sum_n dy_n cols_n^T, dcols_n = W^T dy_n folded back into dx_n.
/// </summary>
/// <remarks>
/// <para>Images are split across threads, each running the single-threaded GEMM on the small products
/// of its images, so that an image's windows are unfolded, multiplied and forgotten while they are
/// still in cache. A 1x1 convolution with stride 1 and no padding needs no unfolding: the image is its
/// own column matrix.</para>
/// <para>The weight gradient sums over images. To stay bit-identical whatever the thread count, the
/// batch is cut into chunks that depend only on its size; each chunk sums its images in order into its
/// own partial, and the partials are added in chunk order.</para>
/// </remarks>
internal static class Conv2dKernels
{
    /// <summary>The most chunks the weight gradient's sum over the batch is cut into.</summary>
    private const int MaxChunks = 16;

    /// <summary>
    /// y[n] = W cols(x[n]) + b for images x [N, C, H, W] (dense, from <paramref name="xOffset"/>), weight
    /// [O, C / groups, kh, kw], y [N, O, OH, OW]. When <paramref name="columns"/> is not null, each image's
    /// windows are kept there ([N, C kh kw, OH OW]) for the weight gradient.
    /// </summary>
    public static void Forward<T>(int batch, T[] x, int xOffset, T[] w, int wOffset, T[]? b, int bOffset, in ConvGeometry g, int groups, int outChannels, T[]? columns, int columnsOffset, T[] y, int yOffset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new ForwardWork<T>(new Shared(g, groups, outChannels), x, xOffset, w, wOffset, b, bOffset, columns, columnsOffset, y, yOffset);
        Parallelism.For(batch, Parallelism.ThreadCount, ref work);
    }

    /// <summary>dx[n] = fold(W^T dy[n]) for dy [N, O, OH, OW]; dx [N, C, H, W] is overwritten.</summary>
    public static void BackwardInput<T>(int batch, T[] dy, int dyOffset, T[] w, int wOffset, in ConvGeometry g, int groups, int outChannels, T[] dx, int dxOffset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new BackwardInputWork<T>(new Shared(g, groups, outChannels), dy, dyOffset, w, wOffset, dx, dxOffset);
        Parallelism.For(batch, Parallelism.ThreadCount, ref work);
    }

    /// <summary>
    /// dW = sum_n dy[n] cols[n]^T and db = dy summed over images and positions, overwriting
    /// <paramref name="dw"/> [O, C / groups, kh, kw] and <paramref name="db"/> [O] (when not null).
    /// <paramref name="columns"/> holds the windows the forward pass kept (or the images themselves for a 1x1 convolution).
    /// </summary>
    public static void BackwardWeight<T>(int batch, T[] dy, int dyOffset, T[] columns, int columnsOffset, in ConvGeometry g, int groups, int outChannels, T[] dw, int dwOffset, T[]? db, int dbOffset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shared = new Shared(g, groups, outChannels);
        var chunks = Math.Min(batch, MaxChunks);
        int weightSize = outChannels * shared.GroupPatch, partialSize = weightSize + outChannels;
        var partials = ArrayPool<T>.Shared.Rent(chunks * partialSize);
        try
        {
            var work = new BackwardWeightWork<T>(shared, batch, chunks, dy, dyOffset, columns, columnsOffset, partials, partialSize);
            Parallelism.For(chunks, Parallelism.ThreadCount, ref work);
            var dwSpan = dw.AsSpan(dwOffset, weightSize);
            partials.AsSpan(0, weightSize).CopyTo(dwSpan);
            for (var c = 1; c < chunks; c++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(dwSpan, partials.AsSpan(c * partialSize, weightSize), dwSpan);
            }

            if (db is not null)
            {
                var dbSpan = db.AsSpan(dbOffset, outChannels);
                partials.AsSpan(weightSize, outChannels).CopyTo(dbSpan);
                for (var c = 1; c < chunks; c++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(dbSpan, partials.AsSpan((c * partialSize) + weightSize, outChannels), dbSpan);
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(partials);
        }
    }

    /// <summary>True when the image is its own column matrix (1x1 kernel, stride 1, no padding).</summary>
    public static bool IsPointwise(in ConvGeometry g) =>
        g is { KernelHeight: 1, KernelWidth: 1, StrideHeight: 1, StrideWidth: 1, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0 };

    /// <summary>C = A B (+ C when <paramref name="accumulate"/>) on the calling thread, in T's precision.</summary>
    private static void Multiply<T>(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, bool accumulate, Span<T> c, int ldc)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            Gemm.Multiply(transA, transB, m, n, k, 1f, MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb, accumulate ? 1f : 0f, MemoryMarshal.Cast<T, float>(c), ldc);
        }
        else
        {
            Gemm.Multiply(transA, transB, m, n, k, 1d, MemoryMarshal.Cast<T, double>(a), lda, MemoryMarshal.Cast<T, double>(b), ldb, accumulate ? 1d : 0d, MemoryMarshal.Cast<T, double>(c), ldc);
        }
    }

    /// <summary>A scratch buffer of at least <paramref name="length"/> elements, one per thread, reused across calls.</summary>
    private static Span<T> Scratch<T>(int length) => ScratchBuffer<T>.Get(length);

    /// <summary>One scratch array per thread and element type (the images' windows when they are not kept).</summary>
    private static class ScratchBuffer<T>
    {
        [ThreadStatic]
        private static T[]? buffer;

        public static Span<T> Get(int length)
        {
            if (buffer is null || buffer.Length < length)
            {
                buffer = new T[length];
            }

            return buffer.AsSpan(0, length);
        }
    }

    /// <summary>The sizes every work item needs.</summary>
    private readonly struct Shared(ConvGeometry g, int groups, int outChannels)
    {
        public readonly ConvGeometry Geometry = g;
        public readonly int Groups = groups;
        public readonly int OutChannels = outChannels;
        public readonly int Positions = g.OutHeight * g.OutWidth;
        public readonly int Patch = g.PatchSize;
        public readonly int GroupPatch = g.PatchSize / groups;
        public readonly int GroupOut = outChannels / groups;
        public readonly int ImageSize = g.Channels * g.Height * g.Width;
        public readonly bool Pointwise = IsPointwise(g);

        public int ColumnsSize => Patch * Positions;

        public int OutputSize => OutChannels * Positions;
    }

    private readonly struct ForwardWork<T>(Shared s, T[] x, int xOffset, T[] w, int wOffset, T[]? b, int bOffset, T[]? columns, int columnsOffset, T[] y, int yOffset) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int n)
        {
            var image = x.AsSpan(xOffset + (n * s.ImageSize), s.ImageSize);
            ReadOnlySpan<T> cols = image;
            if (!s.Pointwise)
            {
                var target = columns is null ? Scratch<T>(s.ColumnsSize) : columns.AsSpan(columnsOffset + (n * s.ColumnsSize), s.ColumnsSize);
                ConvKernels.Im2Col<T>(image, s.Geometry, target);
                cols = target;
            }

            var output = y.AsSpan(yOffset + (n * s.OutputSize), s.OutputSize);
            if (b is not null)
            {
                for (var o = 0; o < s.OutChannels; o++)
                {
                    output.Slice(o * s.Positions, s.Positions).Fill(b[bOffset + o]);
                }
            }

            for (var gi = 0; gi < s.Groups; gi++)
            {
                Multiply<T>(
                    false, false, s.GroupOut, s.Positions, s.GroupPatch,
                    w.AsSpan(wOffset + (gi * s.GroupOut * s.GroupPatch), s.GroupOut * s.GroupPatch), s.GroupPatch,
                    cols.Slice(gi * s.GroupPatch * s.Positions, s.GroupPatch * s.Positions), s.Positions,
                    b is not null, output.Slice(gi * s.GroupOut * s.Positions, s.GroupOut * s.Positions), s.Positions);
            }
        }
    }

    private readonly struct BackwardInputWork<T>(Shared s, T[] dy, int dyOffset, T[] w, int wOffset, T[] dx, int dxOffset) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int n)
        {
            var grad = dy.AsSpan(dyOffset + (n * s.OutputSize), s.OutputSize);
            var image = dx.AsSpan(dxOffset + (n * s.ImageSize), s.ImageSize);
            var cols = s.Pointwise ? image : Scratch<T>(s.ColumnsSize);
            for (var gi = 0; gi < s.Groups; gi++)
            {
                Multiply<T>(
                    true, false, s.GroupPatch, s.Positions, s.GroupOut,
                    w.AsSpan(wOffset + (gi * s.GroupOut * s.GroupPatch), s.GroupOut * s.GroupPatch), s.GroupPatch,
                    grad.Slice(gi * s.GroupOut * s.Positions, s.GroupOut * s.Positions), s.Positions,
                    false, cols.Slice(gi * s.GroupPatch * s.Positions, s.GroupPatch * s.Positions), s.Positions);
            }

            if (!s.Pointwise)
            {
                image.Clear();
                ConvKernels.Col2Im<T>(cols, s.Geometry, image);
            }
        }
    }

    private readonly struct BackwardWeightWork<T>(Shared s, int batch, int chunks, T[] dy, int dyOffset, T[] columns, int columnsOffset, T[] partials, int partialSize) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int chunk)
        {
            int first = (int)((long)chunk * batch / chunks), last = (int)((long)(chunk + 1) * batch / chunks);
            var weightSize = s.OutChannels * s.GroupPatch;
            var partialWeight = partials.AsSpan(chunk * partialSize, weightSize);
            var partialBias = partials.AsSpan((chunk * partialSize) + weightSize, s.OutChannels);
            partialBias.Clear();
            var columnsSize = s.ColumnsSize;
            for (var n = first; n < last; n++)
            {
                var grad = dy.AsSpan(dyOffset + (n * s.OutputSize), s.OutputSize);
                var cols = columns.AsSpan(columnsOffset + (n * columnsSize), columnsSize);
                for (var gi = 0; gi < s.Groups; gi++)
                {
                    Multiply<T>(
                        false, true, s.GroupOut, s.GroupPatch, s.Positions,
                        grad.Slice(gi * s.GroupOut * s.Positions, s.GroupOut * s.Positions), s.Positions,
                        cols.Slice(gi * s.GroupPatch * s.Positions, s.GroupPatch * s.Positions), s.Positions,
                        n > first, partialWeight.Slice(gi * s.GroupOut * s.GroupPatch, s.GroupOut * s.GroupPatch), s.GroupPatch);
                }

                for (var o = 0; o < s.OutChannels; o++)
                {
                    partialBias[o] += System.Numerics.Tensors.TensorPrimitives.Sum<T>(grad.Slice(o * s.Positions, s.Positions));
                }
            }
        }
    }
}
