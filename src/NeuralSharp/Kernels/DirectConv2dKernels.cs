using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuralSharp.Backends;

namespace NeuralSharp.Kernels;

/// <summary>
/// Direct stride-1 convolutions for few channels (LeNet's 1 to 6 and 6 to 16), forward and both gradients,
/// without unfolding the windows: for so few channels the unfolded matrix is larger than the arithmetic is
/// worth, and the products it feeds (6 or 16 rows) are too thin for the GEMM's micro-kernels.
/// </summary>
/// <remarks>
/// <para>The forward pass and the input gradient are the same kernel, a stride-1 "valid" correlation of a
/// zero-padded copy of each image (<see cref="Plan"/>): a tile of 4 output channels by 4 vectors of output
/// pixels along a row is held in 16 accumulators, and each kernel tap adds 4 broadcast weights times 4 input
/// vectors loaded straight from the padded image. The input gradient is the correlation of dy, padded by the
/// kernel's reach less the forward padding, with the kernel flipped and its two channel roles swapped.</para>
/// <para>The weight gradient holds 4 output channels by 4 taps in 16 accumulators of partial sums over output
/// pixels (lanes), walked over every pixel of the images of a chunk, and adds the lanes up at the end.</para>
/// <para>Images are split across threads, and the weight gradient's sum over images is cut into chunks that
/// depend only on the batch size and summed in chunk order, so results are the same for any thread count.
/// Vectors are Vector512, Vector256, Vector128 or one scalar lane (<see cref="ILanes{TSelf, T}"/>), the widest
/// the machine accelerates.</para>
/// </remarks>
internal static class DirectConv2dKernels
{
    /// <summary>Up to this many channels per group on either side the direct kernels beat unfolding plus the GEMM.</summary>
    private const int MaxChannels = 16;

    /// <summary>Output channels (or taps) and output vectors per register tile.</summary>
    private const int Tile = 4;

    /// <summary>The most chunks the weight gradient's sum over the batch is cut into.</summary>
    private const int MaxChunks = 16;

    /// <summary>Taps per register tile of the weight gradient with output channels across the lanes.</summary>
    private const int WideTile = 12;

    /// <summary>True when the direct kernels take this convolution: stride 1, a kernel larger than 1x1 and few channels.</summary>
    public static bool Handles(in ConvGeometry g, int groups, int outChannels) =>
        g is { StrideHeight: 1, StrideWidth: 1 } && g.KernelHeight * g.KernelWidth > 1
        && outChannels / groups <= MaxChannels && g.Channels / groups <= MaxChannels;

    /// <summary>y = conv(x, W) + b, as <see cref="Conv2dKernels.Forward{T}"/> (x [N, C, H, W], W [O, C / groups, kh, kw], y [N, O, OH, OW]).</summary>
    public static void Forward<T>(int batch, T[] x, int xOffset, T[] w, int wOffset, T[]? b, int bOffset, in ConvGeometry g, int groups, int outChannels, T[] y, int yOffset, LaneWidth width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = Plan.Forward(g, groups, outChannels) with { Lanes = LaneCount<T>(width) };
        var packed = PackWeights(plan, w, wOffset, transposed: false);
        var taps = TapOffsets(plan);
        switch (width)
        {
            case LaneWidth.V512:
                RunImages<Lanes512<T>, T>(batch, plan, x, xOffset, packed, taps, b, bOffset, y, yOffset);
                break;
            case LaneWidth.V256:
                RunImages<Lanes256<T>, T>(batch, plan, x, xOffset, packed, taps, b, bOffset, y, yOffset);
                break;
            case LaneWidth.V128:
                RunImages<Lanes128<T>, T>(batch, plan, x, xOffset, packed, taps, b, bOffset, y, yOffset);
                break;
            default:
                RunImages<Lanes1<T>, T>(batch, plan, x, xOffset, packed, taps, b, bOffset, y, yOffset);
                break;
        }
    }

    /// <summary>dx = the input gradient of conv(x, W) given dy [N, O, OH, OW]; dx [N, C, H, W] is overwritten.</summary>
    public static void BackwardInput<T>(int batch, T[] dy, int dyOffset, T[] w, int wOffset, in ConvGeometry g, int groups, int outChannels, T[] dx, int dxOffset, LaneWidth width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = Plan.Input(g, groups, outChannels) with { Lanes = LaneCount<T>(width) };
        var packed = PackWeights(plan, w, wOffset, transposed: true);
        var taps = TapOffsets(plan);
        switch (width)
        {
            case LaneWidth.V512:
                RunImages<Lanes512<T>, T>(batch, plan, dy, dyOffset, packed, taps, null, 0, dx, dxOffset);
                break;
            case LaneWidth.V256:
                RunImages<Lanes256<T>, T>(batch, plan, dy, dyOffset, packed, taps, null, 0, dx, dxOffset);
                break;
            case LaneWidth.V128:
                RunImages<Lanes128<T>, T>(batch, plan, dy, dyOffset, packed, taps, null, 0, dx, dxOffset);
                break;
            default:
                RunImages<Lanes1<T>, T>(batch, plan, dy, dyOffset, packed, taps, null, 0, dx, dxOffset);
                break;
        }
    }

    /// <summary>dW = sum over images and pixels of dy times the input under each tap, db = dy summed; both overwritten.</summary>
    public static void BackwardWeight<T>(int batch, T[] dy, int dyOffset, T[] x, int xOffset, in ConvGeometry g, int groups, int outChannels, T[] dw, int dwOffset, T[]? db, int dbOffset, LaneWidth width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plan = Plan.Forward(g, groups, outChannels);
        var taps = TapOffsets(plan);
        var chunks = Math.Min(batch, MaxChunks);
        int weightSize = outChannels * plan.Taps, partialSize = weightSize + outChannels;
        if (chunks == 0)
        {
            dw.AsSpan(dwOffset, weightSize).Clear();
            db?.AsSpan(dbOffset, outChannels).Clear();
            return;
        }

        var partials = Scratch<T>.Get(ref Scratch<T>.Partials, chunks * partialSize);
        switch (width)
        {
            case LaneWidth.V512:
                RunWeight<Lanes512<T>, T>(batch, chunks, plan, dy, dyOffset, x, xOffset, taps, partials, partialSize);
                break;
            case LaneWidth.V256:
                RunWeight<Lanes256<T>, T>(batch, chunks, plan, dy, dyOffset, x, xOffset, taps, partials, partialSize);
                break;
            case LaneWidth.V128:
                RunWeight<Lanes128<T>, T>(batch, chunks, plan, dy, dyOffset, x, xOffset, taps, partials, partialSize);
                break;
            default:
                RunWeight<Lanes1<T>, T>(batch, chunks, plan, dy, dyOffset, x, xOffset, taps, partials, partialSize);
                break;
        }

        Sum(partials, chunks, partialSize, 0, dw.AsSpan(dwOffset, weightSize));
        if (db is not null)
        {
            Sum(partials, chunks, partialSize, weightSize, db.AsSpan(dbOffset, outChannels));
        }
    }

    private static int LaneCount<T>(LaneWidth width) => width switch
    {
        LaneWidth.V512 => Vector512<T>.Count,
        LaneWidth.V256 => Vector256<T>.Count,
        LaneWidth.V128 => Vector128<T>.Count,
        _ => 1,
    };

    private static void RunImages<TL, T>(int batch, in Plan plan, T[] input, int inputOffset, T[] packed, int[] taps, T[]? bias, int biasOffset, T[] output, int outputOffset)
        where TL : struct, ILanes<TL, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new ImageWork<TL, T>(plan, input, inputOffset, packed, taps, bias, biasOffset, output, outputOffset);
        Parallelism.For(batch, Parallelism.ThreadCount, ref work);
    }

    private static void RunWeight<TL, T>(int batch, int chunks, in Plan plan, T[] dy, int dyOffset, T[] x, int xOffset, int[] taps, T[] partials, int partialSize)
        where TL : struct, ILanes<TL, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var work = new WeightWork<TL, T>(plan, batch, chunks, dy, dyOffset, x, xOffset, taps, partials, partialSize);
        Parallelism.For(chunks, Parallelism.ThreadCount, ref work);
    }

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

    /// <summary>
    /// The weights as the tile kernel reads them: per group, per block of <see cref="Plan.Block"/> output channels, per tap,
    /// the block's weights side by side (zero for channels past the last). Transposed, the plan's
    /// output channels are the convolution's input channels and the kernel is flipped (the input gradient).
    /// </summary>
    private static T[] PackWeights<T>(in Plan p, T[] w, int wOffset, bool transposed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int blocks = p.OutBlocks, block = p.Block, taps = p.Taps, area = p.KernelHeight * p.KernelWidth;
        var packed = Scratch<T>.Get(ref Scratch<T>.Weights, p.Groups * blocks * taps * block);
        packed.AsSpan().Clear();
        for (var gi = 0; gi < p.Groups; gi++)
        {
            for (var o = 0; o < p.OutChannels; o++)
            {
                for (var t = 0; t < taps; t++)
                {
                    int source;
                    if (transposed)
                    {
                        // Plan input channel = the convolution's output channel; tap (i, j) reads the kernel at (kh-1-i, kw-1-j).
                        var (channel, tap) = (t / area, t % area);
                        source = (((((gi * p.InChannels) + channel) * p.OutChannels) + o) * area) + (area - 1 - tap);
                    }
                    else
                    {
                        source = (((gi * p.OutChannels) + o) * taps) + t;
                    }

                    packed[(((((gi * blocks) + (o / block)) * taps) + t) * block) + (o % block)] = w[wOffset + source];
                }
            }
        }

        return packed;
    }

    /// <summary>Each tap's offset in one group's padded input, then zeros up to a multiple of <see cref="WideTile"/> (and so of <see cref="Tile"/>): the weight gradient's dummy taps.</summary>
    private static int[] TapOffsets(in Plan p)
    {
        var padded = (p.Taps + WideTile - 1) / WideTile * WideTile;
        var offsets = Scratch<int>.Get(ref Scratch<int>.Weights, padded);
        var t = 0;
        for (var c = 0; c < p.InChannels; c++)
        {
            for (var i = 0; i < p.KernelHeight; i++)
            {
                for (var j = 0; j < p.KernelWidth; j++, t++)
                {
                    offsets[t] = (c * p.Height * p.Width) + (i * p.DilationHeight * p.Width) + (j * p.DilationWidth);
                }
            }
        }

        offsets.AsSpan(t, padded - t).Clear();
        return offsets;
    }

    /// <summary>
    /// A stride-1 "valid" correlation of planes of <see cref="SourceHeight"/> x <see cref="SourceWidth"/> placed at
    /// (<see cref="Top"/>, <see cref="Left"/>) in zero planes of <see cref="Height"/> x <see cref="Width"/> (a negative
    /// place crops), <see cref="InChannels"/> in and <see cref="OutChannels"/> out per group.
    /// </summary>
    private readonly record struct Plan(
        int Groups, int InChannels, int SourceHeight, int SourceWidth, int Top, int Left, int Height, int Width,
        int OutChannels, int OutHeight, int OutWidth, int KernelHeight, int KernelWidth, int DilationHeight, int DilationWidth)
    {
        public int Taps => InChannels * KernelHeight * KernelWidth;

        /// <summary>
        /// Output channels per register tile of <see cref="ImageWork{TL, T}"/>: 6 (by 2 vectors) where that wastes fewer
        /// than 4 (by 4 vectors) does, as for 5 or 6 channels, else 4.
        /// </summary>
        public int Block => ChannelLanes ? OutChannels : (OutChannels + 5) / 6 * 6 < (OutChannels + 3) / 4 * 4 ? 6 : Tile;

        /// <summary>The lanes of the vectors the kernels run on (1 for the scalar path).</summary>
        public int Lanes { get; init; } = 1;

        /// <summary>True when the output channels fill whole vectors, so that they go across the lanes (LeNet's 16).</summary>
        public bool ChannelLanes => Lanes > 1 && OutChannels % Lanes == 0;

        /// <summary>Output vectors per register tile: 16 accumulators either way.</summary>
        public int Span => Block == 6 ? 2 : Tile;

        public int OutBlocks => (OutChannels + Block - 1) / Block;

        /// <summary>Blocks of <see cref="Tile"/> output channels, as the weight gradient takes them.</summary>
        public int WeightBlocks => (OutChannels + Tile - 1) / Tile;

        public int SourceSize => Groups * InChannels * SourceHeight * SourceWidth;

        public int OutputSize => Groups * OutChannels * OutHeight * OutWidth;

        /// <summary>The padded image, and room for one vector (or one run of <see cref="WideTile"/> pixels) read past its end, whose outputs are never stored.</summary>
        public int PaddedSize(int lanes) => (Groups * InChannels * Height * Width) + Math.Max(lanes, WideTile);

        /// <summary>The convolution itself: x padded as the geometry says.</summary>
        public static Plan Forward(in ConvGeometry g, int groups, int outChannels) => new(
            groups, g.Channels / groups, g.Height, g.Width, g.PadTop, g.PadLeft, g.Height + g.PadTop + g.PadBottom, g.Width + g.PadLeft + g.PadRight,
            outChannels / groups, g.OutHeight, g.OutWidth, g.KernelHeight, g.KernelWidth, g.DilationHeight, g.DilationWidth);

        /// <summary>
        /// The input gradient: dy, shifted by the kernel's reach less the forward padding, correlated with the flipped kernel.
        /// dx[iy] = sum_i dy[iy + top - dh i] w[i] = sum_i' dy_padded[iy + dh i'] w[kh - 1 - i'].
        /// </summary>
        public static Plan Input(in ConvGeometry g, int groups, int outChannels)
        {
            int reachH = g.DilationHeight * (g.KernelHeight - 1), reachW = g.DilationWidth * (g.KernelWidth - 1);
            return new(
                groups, outChannels / groups, g.OutHeight, g.OutWidth, reachH - g.PadTop, reachW - g.PadLeft, g.Height + reachH, g.Width + reachW,
                g.Channels / groups, g.Height, g.Width, g.KernelHeight, g.KernelWidth, g.DilationHeight, g.DilationWidth);
        }

        /// <summary>Copies one image's planes into <paramref name="target"/>, zero around them (cropped where the place is negative).</summary>
        public void Pad<T>(ReadOnlySpan<T> source, Span<T> target)
            where T : unmanaged, IFloatingPointIeee754<T>
        {
            target.Clear();
            int rowFirst = Math.Max(0, -Top), rowLast = Math.Min(SourceHeight, Height - Top);
            int colFirst = Math.Max(0, -Left), colLast = Math.Min(SourceWidth, Width - Left);
            if (rowFirst >= rowLast || colFirst >= colLast)
            {
                return;
            }

            for (var c = 0; c < Groups * InChannels; c++)
            {
                for (var r = rowFirst; r < rowLast; r++)
                {
                    source.Slice((((c * SourceHeight) + r) * SourceWidth) + colFirst, colLast - colFirst)
                        .CopyTo(target[((((c * Height) + r + Top) * Width) + colFirst + Left)..]);
                }
            }
        }
    }

    /// <summary>Scratch arrays per thread, reused across calls (no allocation once warm).</summary>
    private static class Scratch<T>
    {
        [ThreadStatic]
        public static T[]? Weights;

        [ThreadStatic]
        public static T[]? Partials;

        [ThreadStatic]
        public static T[]? Padded;

        [ThreadStatic]
        public static T[]? Gradient;

        public static T[] Get(ref T[]? buffer, int length)
        {
            if (buffer is null || buffer.Length < length)
            {
                buffer = new T[length];
            }

            return buffer;
        }
    }

    /// <summary>One image: pad it, then every group, block of output channels and tile of output vectors.</summary>
    private readonly struct ImageWork<TL, T>(Plan p, T[] input, int inputOffset, T[] packed, int[] taps, T[]? bias, int biasOffset, T[] output, int outputOffset) : IParallelWork
        where TL : struct, ILanes<TL, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int image)
        {
            var lanes = TL.Count;
            var padded = Scratch<T>.Get(ref Scratch<T>.Padded, p.PaddedSize(lanes));
            p.Pad<T>(input.AsSpan(inputOffset + (image * p.SourceSize), p.SourceSize), padded.AsSpan(0, p.PaddedSize(lanes)));
            var y = output.AsSpan(outputOffset + (image * p.OutputSize), p.OutputSize);
            if (p.ChannelLanes)
            {
                ChannelLanes(padded, y);
                return;
            }

            Span<T> spill = stackalloc T[Tile * Tile * TL.Count];
            int chunks = (p.OutWidth + lanes - 1) / lanes, positions = p.OutHeight * chunks, plane = p.OutHeight * p.OutWidth;
            int groupInput = p.InChannels * p.Height * p.Width, size = p.Block, span = p.Span;
            Span<int> at = stackalloc int[Tile];
            Span<int> to = stackalloc int[Tile];
            Span<int> count = stackalloc int[Tile];
            Span<T> b = stackalloc T[6];
            for (var gi = 0; gi < p.Groups; gi++)
            {
                ref var x = ref padded[gi * groupInput];
                for (var block = 0; block < p.OutBlocks; block++)
                {
                    var first = (gi * p.OutChannels) + (block * size);
                    var channels = Math.Min(size, p.OutChannels - (block * size));
                    ref var w = ref packed[((gi * p.OutBlocks) + block) * p.Taps * size];
                    for (var r = 0; r < size; r++)
                    {
                        b[r] = bias is not null && r < channels ? bias[biasOffset + first + r] : T.Zero;
                    }

                    for (var q0 = 0; q0 < positions; q0 += span)
                    {
                        for (var k = 0; k < span; k++)
                        {
                            var q = q0 + k;
                            if (q < positions)
                            {
                                var (row, chunk) = (q / chunks, q % chunks);
                                (at[k], to[k], count[k]) = ((row * p.Width) + (chunk * lanes), (row * p.OutWidth) + (chunk * lanes), Math.Min(lanes, p.OutWidth - (chunk * lanes)));
                            }
                            else
                            {
                                (at[k], to[k], count[k]) = (0, 0, 0);
                            }
                        }

                        if (size == 6)
                        {
                            Kernel6x2(ref x, at[0], at[1], ref w, taps, p.Taps, b, spill);
                        }
                        else
                        {
                            Kernel4x4(ref x, at, ref w, taps, p.Taps, b, spill);
                        }

                        Scatter(spill, y[(first * plane)..], plane, to, count, channels, span);
                    }
                }
            }
        }

        /// <summary>
        /// The image with output channels across the lanes: runs of up to 12 pixels of one output row, each an accumulator
        /// over a vector of channels, each tap one vector of weights times 12 input values broadcast; no lane is wasted,
        /// and the input addresses of a run differ by constants. The run's pixels then go to their channels' planes.
        /// </summary>
        private void ChannelLanes(T[] padded, Span<T> y)
        {
            var lanes = TL.Count;
            int plane = p.OutHeight * p.OutWidth, groupInput = p.InChannels * p.Height * p.Width, stride = p.OutChannels;
            Span<T> spill = stackalloc T[WideTile * TL.Count];
            for (var gi = 0; gi < p.Groups; gi++)
            {
                ref var x = ref padded[gi * groupInput];
                for (var cb = 0; cb < p.OutChannels / lanes; cb++)
                {
                    var first = (gi * p.OutChannels) + (cb * lanes);
                    ref var w = ref packed[(gi * p.Taps * stride) + (cb * lanes)];
                    var b = bias is null ? TL.Zero : TL.Load(ref bias[biasOffset + first]);
                    for (var row = 0; row < p.OutHeight; row++)
                    {
                        for (var col = 0; col < p.OutWidth; col += WideTile)
                        {
                            RunKernel(ref Unsafe.Add(ref x, (row * p.Width) + col), ref w, stride, taps, p.Taps, b, spill);
                            var run = Math.Min(WideTile, p.OutWidth - col);
                            var at = (row * p.OutWidth) + col;
                            for (var l = 0; l < lanes; l++)
                            {
                                var target = y.Slice(((first + l) * plane) + at, run);
                                for (var k = 0; k < run; k++)
                                {
                                    target[k] = spill[(k * lanes) + l];
                                }
                            }
                        }
                    }
                }
            }
        }

        /// <summary>spill[k lanes + l] = b + the sum over taps of w[tap][l] x[tap offset + k], for a run of 12 pixels from <paramref name="x"/>.</summary>
        private static void RunKernel(ref T x, ref T w, int stride, int[] taps, int tapCount, TL b, Span<T> spill)
        {
            TL c0 = b, c1 = b, c2 = b, c3 = b, c4 = b, c5 = b, c6 = b, c7 = b, c8 = b, c9 = b, c10 = b, c11 = b;
            ref var tap = ref taps[0];
            for (nint t = 0; t < tapCount; t++)
            {
                ref var xt = ref Unsafe.Add(ref x, (nint)Unsafe.Add(ref tap, t));
                var k = TL.Load(ref Unsafe.Add(ref w, t * stride));
                c0 = TL.MultiplyAdd(k, TL.Broadcast(xt), c0);
                c1 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 1)), c1);
                c2 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 2)), c2);
                c3 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 3)), c3);
                c4 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 4)), c4);
                c5 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 5)), c5);
                c6 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 6)), c6);
                c7 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 7)), c7);
                c8 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 8)), c8);
                c9 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 9)), c9);
                c10 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 10)), c10);
                c11 = TL.MultiplyAdd(k, TL.Broadcast(Unsafe.Add(ref xt, 11)), c11);
            }

            var n = TL.Count;
            ref var s = ref spill[0];
            TL.Store(c0, ref s);
            TL.Store(c1, ref Unsafe.Add(ref s, n));
            TL.Store(c2, ref Unsafe.Add(ref s, 2 * n));
            TL.Store(c3, ref Unsafe.Add(ref s, 3 * n));
            TL.Store(c4, ref Unsafe.Add(ref s, 4 * n));
            TL.Store(c5, ref Unsafe.Add(ref s, 5 * n));
            TL.Store(c6, ref Unsafe.Add(ref s, 6 * n));
            TL.Store(c7, ref Unsafe.Add(ref s, 7 * n));
            TL.Store(c8, ref Unsafe.Add(ref s, 8 * n));
            TL.Store(c9, ref Unsafe.Add(ref s, 9 * n));
            TL.Store(c10, ref Unsafe.Add(ref s, 10 * n));
            TL.Store(c11, ref Unsafe.Add(ref s, 11 * n));
        }

        /// <summary>
        /// The tile's accumulators (channel r, vector k at spill[(r span + k) lanes]) into y. A vector that ends a row
        /// early is stored whole all the same when it stays inside its channel's plane: the lanes past the row land on
        /// the next rows of the plane, which later vectors (of this tile, k ascending, or of later tiles) overwrite.
        /// Only at the plane's end are the elements moved one by one: what follows may be another channel's, written
        /// already, or another image's, another thread's.
        /// </summary>
        private static void Scatter(Span<T> spill, Span<T> y, int plane, ReadOnlySpan<int> to, ReadOnlySpan<int> count, int channels, int span)
        {
            var n = TL.Count;
            for (var r = 0; r < channels; r++)
            {
                for (var k = 0; k < span; k++)
                {
                    var from = ((r * span) + k) * n;
                    if (count[k] == 0)
                    {
                        continue;
                    }

                    if (count[k] == n || to[k] + n <= plane)
                    {
                        TL.Store(TL.Load(ref spill[from]), ref y.Slice((r * plane) + to[k], n)[0]);
                    }
                    else
                    {
                        // A plain loop: a dozen elements, for which a call to memmove costs more than the moves.
                        var part = y.Slice((r * plane) + to[k], count[k]);
                        for (var i = 0; i < part.Length; i++)
                        {
                            part[i] = spill[from + i];
                        }
                    }
                }
            }
        }

        /// <summary>6 output channels x 2 output vectors over every tap, into <paramref name="spill"/>.</summary>
        private static void Kernel6x2(ref T x, int at0, int at1, ref T w, int[] taps, int tapCount, ReadOnlySpan<T> b, Span<T> spill)
        {
            TL c00 = TL.Broadcast(b[0]), c01 = c00;
            TL c10 = TL.Broadcast(b[1]), c11 = c10;
            TL c20 = TL.Broadcast(b[2]), c21 = c20;
            TL c30 = TL.Broadcast(b[3]), c31 = c30;
            TL c40 = TL.Broadcast(b[4]), c41 = c40;
            TL c50 = TL.Broadcast(b[5]), c51 = c50;
            ref T x0 = ref Unsafe.Add(ref x, at0);
            ref T x1 = ref Unsafe.Add(ref x, at1);
            ref var tap = ref taps[0];
            for (var t = 0; t < tapCount; t++)
            {
                var offset = Unsafe.Add(ref tap, t);
                TL v0 = TL.Load(ref Unsafe.Add(ref x0, offset)), v1 = TL.Load(ref Unsafe.Add(ref x1, offset));
                ref T wt = ref Unsafe.Add(ref w, t * 6);
                var k = TL.Broadcast(wt);
                c00 = TL.MultiplyAdd(v0, k, c00);
                c01 = TL.MultiplyAdd(v1, k, c01);
                k = TL.Broadcast(Unsafe.Add(ref wt, 1));
                c10 = TL.MultiplyAdd(v0, k, c10);
                c11 = TL.MultiplyAdd(v1, k, c11);
                k = TL.Broadcast(Unsafe.Add(ref wt, 2));
                c20 = TL.MultiplyAdd(v0, k, c20);
                c21 = TL.MultiplyAdd(v1, k, c21);
                k = TL.Broadcast(Unsafe.Add(ref wt, 3));
                c30 = TL.MultiplyAdd(v0, k, c30);
                c31 = TL.MultiplyAdd(v1, k, c31);
                k = TL.Broadcast(Unsafe.Add(ref wt, 4));
                c40 = TL.MultiplyAdd(v0, k, c40);
                c41 = TL.MultiplyAdd(v1, k, c41);
                k = TL.Broadcast(Unsafe.Add(ref wt, 5));
                c50 = TL.MultiplyAdd(v0, k, c50);
                c51 = TL.MultiplyAdd(v1, k, c51);
            }

            // Through the spill tile rather than by value into a helper: struct arguments would keep the
            // accumulators on the stack inside the loop.
            var n = TL.Count;
            ref var s = ref spill[0];
            TL.Store(c00, ref s);
            TL.Store(c01, ref Unsafe.Add(ref s, n));
            TL.Store(c10, ref Unsafe.Add(ref s, 2 * n));
            TL.Store(c11, ref Unsafe.Add(ref s, 3 * n));
            TL.Store(c20, ref Unsafe.Add(ref s, 4 * n));
            TL.Store(c21, ref Unsafe.Add(ref s, 5 * n));
            TL.Store(c30, ref Unsafe.Add(ref s, 6 * n));
            TL.Store(c31, ref Unsafe.Add(ref s, 7 * n));
            TL.Store(c40, ref Unsafe.Add(ref s, 8 * n));
            TL.Store(c41, ref Unsafe.Add(ref s, 9 * n));
            TL.Store(c50, ref Unsafe.Add(ref s, 10 * n));
            TL.Store(c51, ref Unsafe.Add(ref s, 11 * n));
        }

        /// <summary>4 output channels x 4 output vectors over every tap, into <paramref name="spill"/>.</summary>
        private static void Kernel4x4(ref T x, ReadOnlySpan<int> at, ref T w, int[] taps, int tapCount, ReadOnlySpan<T> b, Span<T> spill)
        {
            TL c00 = TL.Broadcast(b[0]), c01 = c00, c02 = c00, c03 = c00;
            TL c10 = TL.Broadcast(b[1]), c11 = c10, c12 = c10, c13 = c10;
            TL c20 = TL.Broadcast(b[2]), c21 = c20, c22 = c20, c23 = c20;
            TL c30 = TL.Broadcast(b[3]), c31 = c30, c32 = c30, c33 = c30;
            ref T x0 = ref Unsafe.Add(ref x, at[0]);
            ref T x1 = ref Unsafe.Add(ref x, at[1]);
            ref T x2 = ref Unsafe.Add(ref x, at[2]);
            ref T x3 = ref Unsafe.Add(ref x, at[3]);
            ref var tap = ref taps[0];
            for (var t = 0; t < tapCount; t++)
            {
                var offset = Unsafe.Add(ref tap, t);
                TL v0 = TL.Load(ref Unsafe.Add(ref x0, offset)), v1 = TL.Load(ref Unsafe.Add(ref x1, offset));
                TL v2 = TL.Load(ref Unsafe.Add(ref x2, offset)), v3 = TL.Load(ref Unsafe.Add(ref x3, offset));
                ref T wt = ref Unsafe.Add(ref w, t * Tile);
                var k = TL.Broadcast(wt);
                c00 = TL.MultiplyAdd(v0, k, c00);
                c01 = TL.MultiplyAdd(v1, k, c01);
                c02 = TL.MultiplyAdd(v2, k, c02);
                c03 = TL.MultiplyAdd(v3, k, c03);
                k = TL.Broadcast(Unsafe.Add(ref wt, 1));
                c10 = TL.MultiplyAdd(v0, k, c10);
                c11 = TL.MultiplyAdd(v1, k, c11);
                c12 = TL.MultiplyAdd(v2, k, c12);
                c13 = TL.MultiplyAdd(v3, k, c13);
                k = TL.Broadcast(Unsafe.Add(ref wt, 2));
                c20 = TL.MultiplyAdd(v0, k, c20);
                c21 = TL.MultiplyAdd(v1, k, c21);
                c22 = TL.MultiplyAdd(v2, k, c22);
                c23 = TL.MultiplyAdd(v3, k, c23);
                k = TL.Broadcast(Unsafe.Add(ref wt, 3));
                c30 = TL.MultiplyAdd(v0, k, c30);
                c31 = TL.MultiplyAdd(v1, k, c31);
                c32 = TL.MultiplyAdd(v2, k, c32);
                c33 = TL.MultiplyAdd(v3, k, c33);
            }

            // Through the spill tile rather than by value into a helper: struct arguments would keep the
            // accumulators on the stack inside the loop.
            var n = TL.Count;
            ref var s = ref spill[0];
            TL.Store(c00, ref s);
            TL.Store(c01, ref Unsafe.Add(ref s, n));
            TL.Store(c02, ref Unsafe.Add(ref s, 2 * n));
            TL.Store(c03, ref Unsafe.Add(ref s, 3 * n));
            TL.Store(c10, ref Unsafe.Add(ref s, 4 * n));
            TL.Store(c11, ref Unsafe.Add(ref s, 5 * n));
            TL.Store(c12, ref Unsafe.Add(ref s, 6 * n));
            TL.Store(c13, ref Unsafe.Add(ref s, 7 * n));
            TL.Store(c20, ref Unsafe.Add(ref s, 8 * n));
            TL.Store(c21, ref Unsafe.Add(ref s, 9 * n));
            TL.Store(c22, ref Unsafe.Add(ref s, 10 * n));
            TL.Store(c23, ref Unsafe.Add(ref s, 11 * n));
            TL.Store(c30, ref Unsafe.Add(ref s, 12 * n));
            TL.Store(c31, ref Unsafe.Add(ref s, 13 * n));
            TL.Store(c32, ref Unsafe.Add(ref s, 14 * n));
            TL.Store(c33, ref Unsafe.Add(ref s, 15 * n));
        }
    }

    /// <summary>One chunk of images' share of the weight and bias gradients, in its own partial.</summary>
    private readonly struct WeightWork<TL, T>(Plan p, int batch, int chunks, T[] dy, int dyOffset, T[] x, int xOffset, int[] taps, T[] partials, int partialSize) : IParallelWork
        where TL : struct, ILanes<TL, T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int chunk)
        {
            int first = (int)((long)chunk * batch / chunks), count = (int)((long)(chunk + 1) * batch / chunks) - first;
            var lanes = TL.Count;
            int vectors = (p.OutWidth + lanes - 1) / lanes, rowWidth = vectors * lanes, plane = p.OutHeight * p.OutWidth;
            int blocks = p.WeightBlocks, gradPlane = p.OutHeight * rowWidth, gradImage = p.Groups * blocks * Tile * gradPlane;
            int paddedSize = p.PaddedSize(lanes), groupInput = p.InChannels * p.Height * p.Width;
            int outChannels = p.Groups * p.OutChannels;
            var padded = Scratch<T>.Get(ref Scratch<T>.Padded, count * paddedSize);
            var grad = Scratch<T>.Get(ref Scratch<T>.Gradient, count * gradImage);
            var partial = partials.AsSpan(chunk * partialSize, partialSize);
            var bias = partial.Slice(outChannels * p.Taps, outChannels);
            bias.Clear();
            if (lanes > 1 && p.OutChannels % lanes == 0)
            {
                ChannelLanes(first, count, partial, bias);
                return;
            }

            // The chunk's images padded, and its dy with rows widened to whole vectors and channels to whole tiles (zeros),
            // so that every vector the kernel reads is real or zero; the bias gradient on the way.
            grad.AsSpan(0, count * gradImage).Clear();
            for (var n = 0; n < count; n++)
            {
                p.Pad<T>(x.AsSpan(xOffset + ((first + n) * p.SourceSize), p.SourceSize), padded.AsSpan(n * paddedSize, paddedSize));
                for (var o = 0; o < outChannels; o++)
                {
                    var source = dy.AsSpan(dyOffset + ((((first + n) * outChannels) + o) * plane), plane);
                    bias[o] += System.Numerics.Tensors.TensorPrimitives.Sum<T>(source);
                    var (gi, r) = (o / p.OutChannels, o % p.OutChannels);
                    var target = grad.AsSpan((n * gradImage) + ((((gi * blocks * Tile) + r) * gradPlane)), gradPlane);
                    for (var row = 0; row < p.OutHeight; row++)
                    {
                        source.Slice(row * p.OutWidth, p.OutWidth).CopyTo(target[(row * rowWidth)..]);
                    }
                }
            }

            var tapBlocks = (p.Taps + Tile - 1) / Tile;
            for (var gi = 0; gi < p.Groups; gi++)
            {
                for (var block = 0; block < blocks; block++)
                {
                    var channels = Math.Min(Tile, p.OutChannels - (block * Tile));
                    for (var tb = 0; tb < tapBlocks; tb++)
                    {
                        var tapsHere = Math.Min(Tile, p.Taps - (tb * Tile));
                        ref var g = ref grad[((gi * blocks) + block) * Tile * gradPlane];
                        ref var xi = ref padded[gi * groupInput];
                        Kernel(ref g, gradImage, gradPlane, rowWidth, ref xi, paddedSize, p.Width, count, p.OutHeight, vectors, taps[tb * Tile], taps[(tb * Tile) + 1], taps[(tb * Tile) + 2], taps[(tb * Tile) + 3], out var sums);
                        for (var r = 0; r < channels; r++)
                        {
                            var o = (gi * p.OutChannels) + (block * Tile) + r;
                            for (var t = 0; t < tapsHere; t++)
                            {
                                partial[(o * p.Taps) + (tb * Tile) + t] = sums[(r * Tile) + t];
                            }
                        }
                    }
                }
            }
        }

        /// <summary>
        /// The chunk's share with output channels across the lanes, for whole vectors of them (LeNet's 16): each pixel's
        /// dy over a vector of channels times 12 taps' inputs broadcast, summed over the chunk's pixels in 12 accumulators,
        /// which are then the weight gradient itself for those channels and taps (no sums across lanes, no wasted lanes).
        /// </summary>
        private void ChannelLanes(int first, int count, Span<T> partial, Span<T> bias)
        {
            var lanes = TL.Count;
            int plane = p.OutHeight * p.OutWidth, paddedSize = p.PaddedSize(lanes), groupInput = p.InChannels * p.Height * p.Width;
            int outChannels = p.Groups * p.OutChannels, gradImage = plane * outChannels;
            var padded = Scratch<T>.Get(ref Scratch<T>.Padded, count * paddedSize);
            var grad = Scratch<T>.Get(ref Scratch<T>.Gradient, count * gradImage);

            // The chunk's images padded and its dy transposed to [image, pixel, channel]; the bias gradient on the way.
            for (var n = 0; n < count; n++)
            {
                p.Pad<T>(x.AsSpan(xOffset + ((first + n) * p.SourceSize), p.SourceSize), padded.AsSpan(n * paddedSize, paddedSize));
                var target = grad.AsSpan(n * gradImage, gradImage);
                for (var o = 0; o < outChannels; o++)
                {
                    var source = dy.AsSpan(dyOffset + ((((first + n) * outChannels) + o) * plane), plane);
                    bias[o] += System.Numerics.Tensors.TensorPrimitives.Sum<T>(source);
                    for (var q = 0; q < plane; q++)
                    {
                        target[(q * outChannels) + o] = source[q];
                    }
                }
            }

            Span<T> spill = stackalloc T[WideTile * TL.Count];
            var tapBlocks = (p.Taps + WideTile - 1) / WideTile;
            for (var gi = 0; gi < p.Groups; gi++)
            {
                for (var cb = 0; cb < p.OutChannels / lanes; cb++)
                {
                    var o0 = (gi * p.OutChannels) + (cb * lanes);
                    for (var tb = 0; tb < tapBlocks; tb++)
                    {
                        WideKernel(ref grad[o0], gradImage, outChannels, ref padded[gi * groupInput], paddedSize, p.Width, count, p.OutHeight, p.OutWidth, ref taps[tb * WideTile], spill);
                        var tapsHere = Math.Min(WideTile, p.Taps - (tb * WideTile));
                        for (var t = 0; t < tapsHere; t++)
                        {
                            for (var l = 0; l < lanes; l++)
                            {
                                partial[((o0 + l) * p.Taps) + (tb * WideTile) + t] = spill[(t * lanes) + l];
                            }
                        }
                    }
                }
            }
        }

        /// <summary>
        /// spill[t lanes + l] = the sum over the images' pixels of dy (channel l of the vector at <paramref name="g"/>, a
        /// pixel every <paramref name="pixel"/> elements) times the padded input under tap t of the 12 at <paramref name="tap"/>.
        /// </summary>
        private static void WideKernel(ref T g, int gradImage, int pixel, ref T x, int paddedSize, int width, int images, int rows, int cols, ref int tap, Span<T> spill)
        {
            TL c0 = TL.Zero, c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
            // Offsets as nint, so that the loop does not sign-extend twelve of them per pixel.
            nint t0 = tap, t1 = Unsafe.Add(ref tap, 1), t2 = Unsafe.Add(ref tap, 2), t3 = Unsafe.Add(ref tap, 3);
            nint t4 = Unsafe.Add(ref tap, 4), t5 = Unsafe.Add(ref tap, 5), t6 = Unsafe.Add(ref tap, 6), t7 = Unsafe.Add(ref tap, 7);
            nint t8 = Unsafe.Add(ref tap, 8), t9 = Unsafe.Add(ref tap, 9), t10 = Unsafe.Add(ref tap, 10), t11 = Unsafe.Add(ref tap, 11);
            for (var n = 0; n < images; n++)
            {
                ref var gn = ref Unsafe.Add(ref g, n * gradImage);
                ref var xn = ref Unsafe.Add(ref x, n * paddedSize);
                for (var row = 0; row < rows; row++)
                {
                    ref var gr = ref Unsafe.Add(ref gn, row * cols * pixel);
                    ref var xr = ref Unsafe.Add(ref xn, row * width);
                    for (nint col = 0; col < cols; col++)
                    {
                        var d = TL.Load(ref Unsafe.Add(ref gr, col * pixel));
                        ref var xp = ref Unsafe.Add(ref xr, col);
                        c0 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t0)), c0);
                        c1 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t1)), c1);
                        c2 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t2)), c2);
                        c3 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t3)), c3);
                        c4 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t4)), c4);
                        c5 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t5)), c5);
                        c6 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t6)), c6);
                        c7 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t7)), c7);
                        c8 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t8)), c8);
                        c9 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t9)), c9);
                        c10 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t10)), c10);
                        c11 = TL.MultiplyAdd(d, TL.Broadcast(Unsafe.Add(ref xp, t11)), c11);
                    }
                }
            }

            var lanes = TL.Count;
            ref var s = ref spill[0];
            TL.Store(c0, ref s);
            TL.Store(c1, ref Unsafe.Add(ref s, lanes));
            TL.Store(c2, ref Unsafe.Add(ref s, 2 * lanes));
            TL.Store(c3, ref Unsafe.Add(ref s, 3 * lanes));
            TL.Store(c4, ref Unsafe.Add(ref s, 4 * lanes));
            TL.Store(c5, ref Unsafe.Add(ref s, 5 * lanes));
            TL.Store(c6, ref Unsafe.Add(ref s, 6 * lanes));
            TL.Store(c7, ref Unsafe.Add(ref s, 7 * lanes));
            TL.Store(c8, ref Unsafe.Add(ref s, 8 * lanes));
            TL.Store(c9, ref Unsafe.Add(ref s, 9 * lanes));
            TL.Store(c10, ref Unsafe.Add(ref s, 10 * lanes));
            TL.Store(c11, ref Unsafe.Add(ref s, 11 * lanes));
        }

        /// <summary>
        /// The 4 x 4 sums over the images' pixels of dy (4 channels from <paramref name="g"/>) times the input under
        /// 4 taps (offsets <paramref name="t0"/> to <paramref name="t3"/> in the padded image).
        /// </summary>
        private static void Kernel(ref T g, int gradImage, int gradPlane, int rowWidth, ref T x, int paddedSize, int width, int images, int rows, int vectors, int t0, int t1, int t2, int t3, out Sums16 sums)
        {
            TL c00 = TL.Zero, c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
            TL c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
            for (var n = 0; n < images; n++)
            {
                ref var gn = ref Unsafe.Add(ref g, n * gradImage);
                ref var xn = ref Unsafe.Add(ref x, n * paddedSize);
                for (var row = 0; row < rows; row++)
                {
                    for (var v = 0; v < vectors; v++)
                    {
                        var at = (row * rowWidth) + (v * TL.Count);
                        TL d0 = TL.Load(ref Unsafe.Add(ref gn, at)), d1 = TL.Load(ref Unsafe.Add(ref gn, at + gradPlane));
                        TL d2 = TL.Load(ref Unsafe.Add(ref gn, at + (2 * gradPlane))), d3 = TL.Load(ref Unsafe.Add(ref gn, at + (3 * gradPlane)));
                        ref var xp = ref Unsafe.Add(ref xn, (row * width) + (v * TL.Count));
                        var k = TL.Load(ref Unsafe.Add(ref xp, t0));
                        c00 = TL.MultiplyAdd(d0, k, c00);
                        c10 = TL.MultiplyAdd(d1, k, c10);
                        c20 = TL.MultiplyAdd(d2, k, c20);
                        c30 = TL.MultiplyAdd(d3, k, c30);
                        k = TL.Load(ref Unsafe.Add(ref xp, t1));
                        c01 = TL.MultiplyAdd(d0, k, c01);
                        c11 = TL.MultiplyAdd(d1, k, c11);
                        c21 = TL.MultiplyAdd(d2, k, c21);
                        c31 = TL.MultiplyAdd(d3, k, c31);
                        k = TL.Load(ref Unsafe.Add(ref xp, t2));
                        c02 = TL.MultiplyAdd(d0, k, c02);
                        c12 = TL.MultiplyAdd(d1, k, c12);
                        c22 = TL.MultiplyAdd(d2, k, c22);
                        c32 = TL.MultiplyAdd(d3, k, c32);
                        k = TL.Load(ref Unsafe.Add(ref xp, t3));
                        c03 = TL.MultiplyAdd(d0, k, c03);
                        c13 = TL.MultiplyAdd(d1, k, c13);
                        c23 = TL.MultiplyAdd(d2, k, c23);
                        c33 = TL.MultiplyAdd(d3, k, c33);
                    }
                }
            }

            sums = default;
            (sums[0], sums[1], sums[2], sums[3]) = (TL.Sum(c00), TL.Sum(c01), TL.Sum(c02), TL.Sum(c03));
            (sums[4], sums[5], sums[6], sums[7]) = (TL.Sum(c10), TL.Sum(c11), TL.Sum(c12), TL.Sum(c13));
            (sums[8], sums[9], sums[10], sums[11]) = (TL.Sum(c20), TL.Sum(c21), TL.Sum(c22), TL.Sum(c23));
            (sums[12], sums[13], sums[14], sums[15]) = (TL.Sum(c30), TL.Sum(c31), TL.Sum(c32), TL.Sum(c33));
        }

        /// <summary>A tile's 16 sums, on the stack.</summary>
        [InlineArray(16)]
        public struct Sums16
        {
            private T _first;
        }
    }
}
