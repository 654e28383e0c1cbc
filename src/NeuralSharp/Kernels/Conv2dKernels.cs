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
/// <para>The batch is cut into blocks of a few images, enough for about <see cref="BlockColumns"/> window
/// positions, and blocks are split across threads, each running the single-threaded GEMM on its block:
/// the block's windows lie side by side in one column matrix [C kh kw, images x positions], so that a
/// small feature map still makes a product wide enough for the GEMM, and the windows are unfolded,
/// multiplied and forgotten while they are in cache. A 1x1 convolution with stride 1 and no padding of
/// a single-image block needs no unfolding: the image is its own column matrix.</para>
/// <para>The weight gradient sums over images. To stay bit-identical whatever the thread count, blocks
/// and chunks of blocks depend only on the sizes; each chunk sums its blocks in order into its own
/// partial, and the partials are added in chunk order.</para>
/// <para>The windows kept for the weight gradient are stored block by block, each block's column
/// matrix contiguous: an internal layout that only <see cref="BackwardWeight{T}"/> reads.</para>
/// </remarks>
internal static class Conv2dKernels
{
    /// <summary>The most chunks the weight gradient's sum over the batch is cut into.</summary>
    private const int MaxChunks = 16;

    /// <summary>From this many output channels per group, the forward pass makes one product per block rather than per image.</summary>
    private const int WideProductChannels = 32;

    /// <summary>About how many window positions (GEMM columns) a block of images gives.</summary>
    private const int BlockColumns = 768;

    /// <summary>
    /// y[n] = W cols(x[n]) + b for images x [N, C, H, W] (dense, from <paramref name="xOffset"/>), weight
    /// [O, C / groups, kh, kw], y [N, O, OH, OW]. When <paramref name="columns"/> is not null, the windows
    /// are kept there (N C kh kw OH OW elements, block by block) for the weight gradient. Convolutions that
    /// <see cref="DirectConv2dKernels.Handles"/> go to the direct kernels unless <paramref name="allowDirect"/> is
    /// false (the tests' reference).
    /// </summary>
    public static void Forward<T>(int batch, T[] x, int xOffset, T[] w, int wOffset, T[]? b, int bOffset, in ConvGeometry g, int groups, int outChannels, T[]? columns, int columnsOffset, T[] y, int yOffset, bool allowDirect = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (allowDirect && DirectConv2dKernels.Handles(g, groups, outChannels))
        {
            DirectConv2dKernels.Forward(batch, x, xOffset, w, wOffset, b, bOffset, g, groups, outChannels, y, yOffset, Lanes.Widest);
            return;
        }

        var s = new Shared(g, groups, outChannels, batch);
        var work = new ForwardWork<T>(s, x, xOffset, w, wOffset, b, bOffset, columns, columnsOffset, y, yOffset);
        Parallelism.For(s.Blocks, Parallelism.ThreadCount, ref work);
    }

    /// <summary>dx[n] = fold(W^T dy[n]) for dy [N, O, OH, OW]; dx [N, C, H, W] is overwritten. Direct kernels as in <see cref="Forward{T}"/>.</summary>
    public static void BackwardInput<T>(int batch, T[] dy, int dyOffset, T[] w, int wOffset, in ConvGeometry g, int groups, int outChannels, T[] dx, int dxOffset, bool allowDirect = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (allowDirect && DirectConv2dKernels.Handles(g, groups, outChannels))
        {
            DirectConv2dKernels.BackwardInput(batch, dy, dyOffset, w, wOffset, g, groups, outChannels, dx, dxOffset, Lanes.Widest);
            return;
        }

        var s = new Shared(g, groups, outChannels, batch);
        var work = new BackwardInputWork<T>(s, dy, dyOffset, w, wOffset, dx, dxOffset);
        Parallelism.For(s.Blocks, Parallelism.ThreadCount, ref work);
    }

    /// <summary>
    /// dW = sum_n dy[n] cols[n]^T and db = dy summed over images and positions, overwriting
    /// <paramref name="dw"/> [O, C / groups, kh, kw] and <paramref name="db"/> [O] (when not null).
    /// <paramref name="columns"/> holds the windows the forward pass kept, or null to unfold them from
    /// <paramref name="x"/> again. Direct kernels as in <see cref="Forward{T}"/> (they ignore the columns).
    /// </summary>
    public static void BackwardWeight<T>(int batch, T[] dy, int dyOffset, T[]? columns, int columnsOffset, T[] x, int xOffset, in ConvGeometry g, int groups, int outChannels, T[] dw, int dwOffset, T[]? db, int dbOffset, bool allowDirect = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (allowDirect && DirectConv2dKernels.Handles(g, groups, outChannels))
        {
            DirectConv2dKernels.BackwardWeight(batch, dy, dyOffset, x, xOffset, g, groups, outChannels, dw, dwOffset, db, dbOffset, Lanes.Widest);
            return;
        }

        var s = new Shared(g, groups, outChannels, batch);
        var chunks = Math.Min(s.Blocks, MaxChunks);
        int weightSize = outChannels * s.GroupPatch, partialSize = weightSize + outChannels;
        var partials = ArrayPool<T>.Shared.Rent(chunks * partialSize);
        try
        {
            var work = new BackwardWeightWork<T>(s, chunks, dy, dyOffset, columns, columnsOffset, x, xOffset, partials, partialSize);
            Parallelism.For(chunks, Parallelism.ThreadCount, ref work);
            Sum(partials, chunks, partialSize, 0, dw.AsSpan(dwOffset, weightSize));
            if (db is not null)
            {
                Sum(partials, chunks, partialSize, weightSize, db.AsSpan(dbOffset, outChannels));
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(partials);
        }
    }

    /// <summary>
    /// True when <see cref="BackwardWeight{T}"/> wants the windows <see cref="Forward{T}"/> can keep: not for a pointwise
    /// convolution (the image is its own column matrix) nor for one the direct kernels take (they unfold nothing).
    /// </summary>
    public static bool KeepsColumns(in ConvGeometry g, int groups, int outChannels) =>
        !IsPointwise(g) && !DirectConv2dKernels.Handles(g, groups, outChannels);

    /// <summary>True when an image is its own column matrix (1x1 kernel, stride 1, no padding).</summary>
    public static bool IsPointwise(in ConvGeometry g) =>
        g is { KernelHeight: 1, KernelWidth: 1, StrideHeight: 1, StrideWidth: 1, PadTop: 0, PadBottom: 0, PadLeft: 0, PadRight: 0 };

    /// <summary>target = the chunks' partials at <paramref name="at"/>, added in chunk order.</summary>
    private static void Sum<T>(T[] partials, int chunks, int partialSize, int at, Span<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        partials.AsSpan(at, target.Length).CopyTo(target);
        for (var c = 1; c < chunks; c++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(target, partials.AsSpan((c * partialSize) + at, target.Length), target);
        }
    }

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

    /// <summary>The block's windows: unfolded into <paramref name="target"/>, or the image itself for a pointwise single-image block.</summary>
    private static ReadOnlySpan<T> Unfold<T>(in Shared s, T[] x, int xOffset, int block, Span<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (first, count) = s.Block(block);
        if (s.Pointwise && count == 1)
        {
            return x.AsSpan(xOffset + (first * s.ImageSize), s.ImageSize);
        }

        var stride = count * s.Positions;
        for (var i = 0; i < count; i++)
        {
            ConvKernels.Im2Col<T>(x.AsSpan(xOffset + ((first + i) * s.ImageSize), s.ImageSize), s.Geometry, target[(i * s.Positions)..], stride);
        }

        return target;
    }

    /// <summary>
    /// Moves a block's outputs between y's layout ([images, O, positions], from <paramref name="y"/>) and
    /// the block's product layout ([O, images x positions], <paramref name="product"/>).
    /// </summary>
    private static void Transpose<T>(in Shared s, int count, Span<T> y, Span<T> product, bool toProduct)
    {
        var stride = count * s.Positions;
        for (var i = 0; i < count; i++)
        {
            for (var o = 0; o < s.OutChannels; o++)
            {
                var image = y.Slice(((i * s.OutChannels) + o) * s.Positions, s.Positions);
                var row = product.Slice((o * stride) + (i * s.Positions), s.Positions);
                if (toProduct)
                {
                    image.CopyTo(row);
                }
                else
                {
                    row.CopyTo(image);
                }
            }
        }
    }

    /// <summary>One scratch array per thread, slot and element type, reused across calls.</summary>
    private static class Scratch<T>
    {
        [ThreadStatic]
        private static T[]? first;

        [ThreadStatic]
        private static T[]? second;

        public static Span<T> First(int length) => Get(ref first, length);

        public static Span<T> Second(int length) => Get(ref second, length);

        private static Span<T> Get(ref T[]? buffer, int length)
        {
            if (buffer is null || buffer.Length < length)
            {
                buffer = new T[length];
            }

            return buffer.AsSpan(0, length);
        }
    }

    /// <summary>The sizes every work item needs, and the cut of the batch into blocks.</summary>
    private readonly struct Shared
    {
        public readonly ConvGeometry Geometry;
        public readonly int Groups, OutChannels, Positions, Patch, GroupPatch, GroupOut, ImageSize, Batch, BlockSize, Blocks;
        public readonly bool Pointwise;

        public Shared(ConvGeometry g, int groups, int outChannels, int batch)
        {
            (Geometry, Groups, OutChannels, Batch) = (g, groups, outChannels, batch);
            Positions = g.OutHeight * g.OutWidth;
            Patch = g.PatchSize;
            GroupPatch = g.PatchSize / groups;
            GroupOut = outChannels / groups;
            ImageSize = g.Channels * g.Height * g.Width;
            Pointwise = IsPointwise(g);
            BlockSize = Math.Clamp(BlockColumns / Math.Max(1, Positions), 1, Math.Max(1, batch));
            Blocks = (batch + BlockSize - 1) / BlockSize;
        }

        /// <summary>The first image of <paramref name="block"/> and how many it holds.</summary>
        public (int First, int Count) Block(int block)
        {
            var first = block * BlockSize;
            return (first, Math.Min(BlockSize, Batch - first));
        }

        public int OutputSize => OutChannels * Positions;
    }

    private readonly struct ForwardWork<T>(Shared s, T[] x, int xOffset, T[] w, int wOffset, T[]? b, int bOffset, T[]? columns, int columnsOffset, T[] y, int yOffset) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int block)
        {
            var (first, count) = s.Block(block);
            int width = count * s.Positions, size = s.Patch * width;
            var target = columns is null ? Scratch<T>.First(size) : columns.AsSpan(columnsOffset + (first * s.Patch * s.Positions), size);
            var cols = Unfold(s, x, xOffset, block, target);
            var output = y.AsSpan(yOffset + (first * s.OutputSize), count * s.OutputSize);
            if (count > 1 && s.GroupOut >= WideProductChannels)
            {
                WholeBlock(count, width, cols, output);
                return;
            }

            if (b is not null)
            {
                for (var row = 0; row < count * s.OutChannels; row++)
                {
                    output.Slice(row * s.Positions, s.Positions).Fill(b[bOffset + (row % s.OutChannels)]);
                }
            }

            // One product per image, reading its columns out of the block's matrix: the GEMM's direct path
            // is faster on one image's small product than its packed path on the block's wide one.
            for (var i = 0; i < count; i++)
            {
                for (var gi = 0; gi < s.Groups; gi++)
                {
                    Multiply<T>(
                        false, false, s.GroupOut, s.Positions, s.GroupPatch,
                        w.AsSpan(wOffset + (gi * s.GroupOut * s.GroupPatch), s.GroupOut * s.GroupPatch), s.GroupPatch,
                        cols[((gi * s.GroupPatch * width) + (i * s.Positions))..], width,
                        b is not null, output.Slice((i * s.OutputSize) + (gi * s.GroupOut * s.Positions), s.GroupOut * s.Positions), s.Positions);
                }
            }
        }

        /// <summary>
        /// The block's outputs from one product per group over all its images, [O, images x positions], then moved
        /// into y's layout: with many output channels the packed GEMM on the wide product beats one small product per image.
        /// </summary>
        private void WholeBlock(int count, int width, ReadOnlySpan<T> cols, Span<T> output)
        {
            var product = Scratch<T>.Second(s.OutChannels * width);
            for (var o = 0; o < s.OutChannels; o++)
            {
                product.Slice(o * width, width).Fill(b is null ? T.Zero : b[bOffset + o]);
            }

            for (var gi = 0; gi < s.Groups; gi++)
            {
                Multiply<T>(
                    false, false, s.GroupOut, width, s.GroupPatch,
                    w.AsSpan(wOffset + (gi * s.GroupOut * s.GroupPatch), s.GroupOut * s.GroupPatch), s.GroupPatch,
                    cols.Slice(gi * s.GroupPatch * width, s.GroupPatch * width), width,
                    true, product.Slice(gi * s.GroupOut * width, s.GroupOut * width), width);
            }

            Transpose(s, count, output, product, toProduct: false);
        }
    }

    private readonly struct BackwardInputWork<T>(Shared s, T[] dy, int dyOffset, T[] w, int wOffset, T[] dx, int dxOffset) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int block)
        {
            var (first, count) = s.Block(block);
            var width = count * s.Positions;
            var grad = dy.AsSpan(dyOffset + (first * s.OutputSize), count * s.OutputSize);
            var images = dx.AsSpan(dxOffset + (first * s.ImageSize), count * s.ImageSize);
            var product = grad;
            if (count > 1)
            {
                product = Scratch<T>.Second(s.OutChannels * width);
                Transpose(s, count, grad, product, toProduct: true);
            }

            var direct = s.Pointwise && count == 1;
            var cols = direct ? images : Scratch<T>.First(s.Patch * width);
            for (var gi = 0; gi < s.Groups; gi++)
            {
                Multiply<T>(
                    true, false, s.GroupPatch, width, s.GroupOut,
                    w.AsSpan(wOffset + (gi * s.GroupOut * s.GroupPatch), s.GroupOut * s.GroupPatch), s.GroupPatch,
                    product.Slice(gi * s.GroupOut * width, s.GroupOut * width), width,
                    false, cols.Slice(gi * s.GroupPatch * width, s.GroupPatch * width), width);
            }

            if (!direct)
            {
                images.Clear();
                for (var i = 0; i < count; i++)
                {
                    ConvKernels.Col2Im<T>(cols[(i * s.Positions)..], s.Geometry, images.Slice(i * s.ImageSize, s.ImageSize), width);
                }
            }
        }
    }

    private readonly struct BackwardWeightWork<T>(Shared s, int chunks, T[] dy, int dyOffset, T[]? columns, int columnsOffset, T[] x, int xOffset, T[] partials, int partialSize) : IParallelWork
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int chunk)
        {
            int firstBlock = (int)((long)chunk * s.Blocks / chunks), lastBlock = (int)((long)(chunk + 1) * s.Blocks / chunks);
            var weightSize = s.OutChannels * s.GroupPatch;
            var partialWeight = partials.AsSpan(chunk * partialSize, weightSize);
            var partialBias = partials.AsSpan((chunk * partialSize) + weightSize, s.OutChannels);
            partialBias.Clear();
            for (var block = firstBlock; block < lastBlock; block++)
            {
                var (first, count) = s.Block(block);
                var width = count * s.Positions;
                var grad = dy.AsSpan(dyOffset + (first * s.OutputSize), count * s.OutputSize);
                var product = grad;
                if (count > 1)
                {
                    product = Scratch<T>.Second(s.OutChannels * width);
                    Transpose(s, count, grad, product, toProduct: true);
                }

                var cols = columns is not null
                    ? columns.AsSpan(columnsOffset + (first * s.Patch * s.Positions), s.Patch * width)
                    : Unfold(s, x, xOffset, block, Scratch<T>.First(s.Patch * width));
                for (var gi = 0; gi < s.Groups; gi++)
                {
                    Multiply<T>(
                        false, true, s.GroupOut, s.GroupPatch, width,
                        product.Slice(gi * s.GroupOut * width, s.GroupOut * width), width,
                        cols.Slice(gi * s.GroupPatch * width, s.GroupPatch * width), width,
                        block > firstBlock, partialWeight.Slice(gi * s.GroupOut * s.GroupPatch, s.GroupOut * s.GroupPatch), s.GroupPatch);
                }

                for (var o = 0; o < s.OutChannels; o++)
                {
                    partialBias[o] += System.Numerics.Tensors.TensorPrimitives.Sum<T>(product.Slice(o * width, width));
                }
            }
        }
    }
}
