using System.Numerics;
using NeuralSharp.Backends;
using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Kernels;

/// <summary>
/// The direct convolution kernels (forward, input and weight gradients) against the unfold-and-GEMM path on
/// odd shapes (padding on one side only, padding wider than the kernel, dilation, groups, depthwise, one-row
/// images, rows wider than a vector), in float and double, at every lane width this machine can run (wider
/// ones run in software, more slowly, and must agree all the same); bit-identical for 1, 2 and 3 threads.
/// </summary>
[Collection(NeuralSharp.Tests.Training.ThreadCountCollection.Name)]
public class DirectConvolutionTests
{
    /// <summary>batch, channels, height, width, out, kh, kw, pad top, bottom, left, right, dilation h, w, groups.</summary>
    public static TheoryData<string> Shapes =>
    [
        "3 1 28 28 6 5 5 2 2 2 2 1 1 1", // LeNet's first convolution
        "5 6 14 14 16 5 5 0 0 0 0 1 1 1", // LeNet's second
        "2 3 7 19 5 3 2 1 0 2 1 1 2 1",
        "3 4 9 11 6 3 3 1 1 1 1 1 1 2",
        "2 5 8 8 5 3 3 1 1 1 1 1 1 5", // depthwise
        "4 3 1 37 7 1 5 0 0 2 2 1 1 1", // a one-dimensional convolution
        "2 2 5 6 3 2 2 3 2 3 1 1 1 1", // padding beyond the kernel's reach
        "2 2 6 40 3 3 3 1 1 1 1 1 1 1",
        "2 3 10 12 4 3 3 2 2 2 2 2 2 1",
        "1 1 4 4 2 2 2 0 3 0 3 1 1 1",
        "17 2 5 5 9 3 3 1 1 1 1 1 1 1", // more images than the weight gradient has chunks
        "2 4 6 7 16 3 3 1 1 1 1 1 1 2", // 8 output channels per group: whole vectors of them
    ];

    [Fact]
    public void TheDispatchTakesStrideOneConvolutionsWithFewChannelsOnly()
    {
        Assert.True(DirectConv2dKernels.Handles(new ConvGeometry(1, 28, 28, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2), 1, 6));
        Assert.True(DirectConv2dKernels.Handles(new ConvGeometry(6, 14, 14, 5, 5), 1, 16));
        Assert.False(DirectConv2dKernels.Handles(new ConvGeometry(6, 14, 14, 5, 5, StrideHeight: 2, StrideWidth: 2), 1, 16));
        Assert.False(DirectConv2dKernels.Handles(new ConvGeometry(6, 14, 14, 1, 1), 1, 16));
        Assert.False(DirectConv2dKernels.Handles(new ConvGeometry(64, 14, 14, 3, 3), 1, 64));
        Assert.True(DirectConv2dKernels.Handles(new ConvGeometry(64, 14, 14, 3, 3), 64, 64));
        Assert.False(Conv2dKernels.KeepsColumns(new ConvGeometry(6, 14, 14, 5, 5), 1, 16));
        Assert.True(Conv2dKernels.KeepsColumns(new ConvGeometry(64, 14, 14, 3, 3), 1, 64));
    }

    [Fact]
    public void AnEmptyBatchHasZeroWeightGradients()
    {
        var g = new ConvGeometry(2, 5, 5, 3, 3);
        float[] dw = [.. Enumerable.Repeat(float.NaN, 4 * 2 * 9)], db = [float.NaN, float.NaN, float.NaN, float.NaN];
        DirectConv2dKernels.BackwardWeight(0, [], 0, [], 0, g, 1, 4, dw, 0, db, 0, Lanes.Widest);
        Assert.All(dw, v => Assert.Equal(0f, v));
        Assert.All(db, v => Assert.Equal(0f, v));
    }

    [Theory, MemberData(nameof(Shapes))]
    public void FloatMatchesTheUnfoldedProduct(string shape) => Compare<float>(shape, 2e-5);

    [Theory, MemberData(nameof(Shapes))]
    public void DoubleMatchesTheUnfoldedProduct(string shape) => Compare<double>(shape, 1e-12);

    [Theory, MemberData(nameof(Shapes))]
    public void ResultsAreBitIdenticalForAnyThreadCount(string shape)
    {
        var c = Case<float>.Make(shape);
        var saved = Parallelism.ThreadCount;
        try
        {
            (float[] Y, float[] Dx, float[] Dw, float[] Db)? first = null;
            foreach (var threads in new[] { 1, 2, 3 })
            {
                Parallelism.ThreadCount = threads;
                var r = c.Direct(Lanes.Widest);
                if (first is { } f)
                {
                    Assert.Equal(f.Y, r.Y);
                    Assert.Equal(f.Dx, r.Dx);
                    Assert.Equal(f.Dw, r.Dw);
                    Assert.Equal(f.Db, r.Db);
                }
                else
                {
                    first = r;
                }
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    private static void Compare<T>(string shape, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = Case<T>.Make(shape);
        var expected = c.Reference();
        foreach (var width in new[] { LaneWidth.Scalar, LaneWidth.V128, LaneWidth.V256, LaneWidth.V512 })
        {
            var actual = c.Direct(width);
            Close(expected.Y, actual.Y, tolerance, $"{width} forward");
            Close(expected.Dx, actual.Dx, tolerance, $"{width} input gradient");
            Close(expected.Dw, actual.Dw, tolerance, $"{width} weight gradient");
            Close(expected.Db, actual.Db, tolerance, $"{width} bias gradient");
        }
    }

    private static void Close<T>(T[] expected, T[] actual, double tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = 1.0;
        foreach (var e in expected)
        {
            scale = Math.Max(scale, Math.Abs(double.CreateTruncating(e)));
        }

        for (var i = 0; i < expected.Length; i++)
        {
            var (e, a) = (double.CreateTruncating(expected[i]), double.CreateTruncating(actual[i]));
            Assert.True(Math.Abs(e - a) <= tolerance * scale, $"{what}: element {i} is {a}, expected {e}");
        }
    }

    private sealed record Case<T>(int Batch, ConvGeometry G, int Groups, int Out, T[] X, T[] W, T[] B, T[] Dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static Case<T> Make(string shape)
        {
            var v = shape.Split(' ').Select(int.Parse).ToArray();
            var g = new ConvGeometry(v[1], v[2], v[3], v[5], v[6], 1, 1, v[7], v[8], v[9], v[10], v[11], v[12]);
            int n = v[0], groups = v[13], o = v[4];
            var random = new Random(shape.Length + v.Sum());
            T[] Fill(int length) => [.. Enumerable.Range(0, length).Select(_ => T.CreateTruncating((random.NextDouble() * 2) - 1))];
            return new(n, g, groups, o, Fill(n * g.Channels * g.Height * g.Width), Fill(o * g.PatchSize / groups), Fill(o), Fill(n * o * g.OutHeight * g.OutWidth));
        }

        public (T[] Y, T[] Dx, T[] Dw, T[] Db) Reference()
        {
            var (y, dx, dw, db) = Outputs();
            Conv2dKernels.Forward(Batch, X, 0, W, 0, B, 0, G, Groups, Out, null, 0, y, 0, allowDirect: false);
            Conv2dKernels.BackwardInput(Batch, Dy, 0, W, 0, G, Groups, Out, dx, 0, allowDirect: false);
            Conv2dKernels.BackwardWeight(Batch, Dy, 0, null, 0, X, 0, G, Groups, Out, dw, 0, db, 0, allowDirect: false);
            return (y, dx, dw, db);
        }

        public (T[] Y, T[] Dx, T[] Dw, T[] Db) Direct(LaneWidth width)
        {
            var (y, dx, dw, db) = Outputs();
            DirectConv2dKernels.Forward(Batch, X, 0, W, 0, B, 0, G, Groups, Out, y, 0, width);
            DirectConv2dKernels.BackwardInput(Batch, Dy, 0, W, 0, G, Groups, Out, dx, 0, width);
            DirectConv2dKernels.BackwardWeight(Batch, Dy, 0, X, 0, G, Groups, Out, dw, 0, db, 0, width);
            return (y, dx, dw, db);
        }

        // Outputs start as NaN, so an element a kernel forgets to write fails the comparison.
        private (T[] Y, T[] Dx, T[] Dw, T[] Db) Outputs() =>
            (Nan(Dy.Length), Nan(X.Length), Nan(W.Length), Nan(Out));

        private static T[] Nan(int length) => [.. Enumerable.Repeat(T.NaN, length)];
    }
}
