using NeuralSharp.Autograd;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Tensors;

/// <summary>Pad, stack, split, chunk, squeeze/unsqueeze and repeat: values as PyTorch gives them, errors, and both derivatives.</summary>
public class ShapeHelpersTests
{
    private static readonly Tensor Grid = Tensor.Arange(6).Reshape(2, 3); // [[0, 1, 2], [3, 4, 5]]

    [Fact]
    public void PadAddsConstantsFromTheLastDimensionBackwards()
    {
        // F.pad(x, (1, 1), value=-1)
        var p = Grid.Pad([1, 1], -1);
        Assert.Equal(new[] { 2, 5 }, p.Shape.ToArray());
        Assert.Equal(new float[] { -1, 0, 1, 2, -1, -1, 3, 4, 5, -1 }, p.ToArray());

        // F.pad(x, (0, 0, 1, 0)): one row of zeros on top.
        var top = Grid.Pad([0, 0, 1, 0]);
        Assert.Equal(new[] { 3, 3 }, top.Shape.ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 2, 3, 4, 5 }, top.ToArray());

        // On a strided view (the transpose) the copy follows the strides.
        Assert.Equal(new float[] { 0, 3, 9, 1, 4, 9, 2, 5, 9 }, Grid.T.Pad([0, 1], 9).ToArray());
    }

    [Fact]
    public void NegativePadsCrop()
    {
        // F.pad(x, (-1, 1)) = [[1, 2, 0], [4, 5, 0]]
        Assert.Equal(new float[] { 1, 2, 0, 4, 5, 0 }, Grid.Pad([-1, 1]).ToArray());

        // F.pad(x, (1, -2, -1, 0), value=7) = [[7, 3]]
        var p = Grid.Pad([1, -2, -1, 0], 7);
        Assert.Equal(new[] { 1, 2 }, p.Shape.ToArray());
        Assert.Equal(new float[] { 7, 3 }, p.ToArray());

        // Cropping everything away leaves only pad values.
        Assert.Equal(new float[] { 5, 5, 5, 5 }, Grid.Pad([-3, 2], 5).Narrow(0, 0, 2).ToArray());
    }

    [Fact]
    public void PadErrorsNameTheOpAndTheShape()
    {
        var odd = Assert.Throws<ArgumentException>(() => Grid.Pad([1, 1, 1]));
        Assert.Contains("pad: 3 pad values for a tensor of shape [2, 3]", odd.Message);
        var many = Assert.Throws<ArgumentException>(() => Grid.Pad([1, 1, 1, 1, 1, 1]));
        Assert.Contains("pad: 6 pad values for a tensor of shape [2, 3]", many.Message);
        var negative = Assert.Throws<ArgumentException>(() => Grid.Pad([-2, -2]));
        Assert.Contains("pad: padding dimension 1 of shape [2, 3] by (-2, -2) leaves a negative size -1", negative.Message);
    }

    [Fact]
    public void StackJoinsAlongANewDimension()
    {
        var a = Tensor.FromArray([1f, 2f]);
        var b = Tensor.FromArray([3f, 4f]);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, Tensor.Stack([a, b]).ToArray());
        var columns = Tensor.Stack([a, b], 1);
        Assert.Equal(new[] { 2, 2 }, columns.Shape.ToArray());
        Assert.Equal(new float[] { 1, 3, 2, 4 }, columns.ToArray());
        Assert.Equal(columns.ToArray(), Tensor.Stack([a, b], -1).ToArray());
        Assert.Equal(new[] { 2, 3, 2 }, Tensor.Stack([Grid, Grid], -1).Shape.ToArray());

        var e = Assert.Throws<ArgumentException>(() => Tensor.Stack([a, Grid]));
        Assert.Contains("stack: shapes [2] and [2, 3] differ", e.Message);
        Assert.Contains("stack: no tensors", Assert.Throws<ArgumentException>(() => Tensor.Stack([])).Message);
    }

    [Fact]
    public void SplitCutsPiecesOfOneSizeOrOfGivenSizes()
    {
        var x = Tensor.Arange(5);
        var pieces = x.Split(2);
        Assert.Equal(3, pieces.Length);
        Assert.Equal(new float[] { 0, 1 }, pieces[0].ToArray());
        Assert.Equal(new float[] { 2, 3 }, pieces[1].ToArray());
        Assert.Equal(new float[] { 4 }, pieces[2].ToArray());

        var bySize = Grid.Split([1, 2], 1);
        Assert.Equal(new float[] { 0, 3 }, bySize[0].ToArray());
        Assert.Equal(new[] { 2, 2 }, bySize[1].Shape.ToArray());
        Assert.Equal(new float[] { 1, 2, 4, 5 }, bySize[1].ToArray());

        var e = Assert.Throws<ArgumentException>(() => x.Split([2, 2]));
        Assert.Contains("split: sizes [2, 2] do not add up to dimension 0 of shape [5]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Split(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Split(2, 1));
    }

    [Fact]
    public void ChunkUsesCeilingSizesAndMayReturnFewerChunks()
    {
        // torch.arange(5).chunk(4) gives pieces of 2, 2 and 1: three chunks, not four.
        Assert.Equal(new[] { 2, 2, 1 }, Tensor.Arange(5).Chunk(4).Select(c => c.Size(0)).ToArray());
        // torch.arange(6).chunk(4): ceil(6 / 4) = 2, so three chunks of 2.
        Assert.Equal(new[] { 2, 2, 2 }, Tensor.Arange(6).Chunk(4).Select(c => c.Size(0)).ToArray());
        Assert.Equal(new[] { 4, 3 }, Tensor.Arange(7).Chunk(2).Select(c => c.Size(0)).ToArray());
        var rows = Grid.Chunk(2, 0);
        Assert.Equal(new float[] { 3, 4, 5 }, rows[1].ToArray());
        Assert.Contains("chunk: 0 chunks for shape [2, 3]", Assert.Throws<ArgumentOutOfRangeException>(() => Grid.Chunk(0)).Message);
    }

    [Fact]
    public void SqueezeAndUnsqueezeFollowPyTorch()
    {
        var t = Tensor.Zeros([1, 3, 1, 2]);
        Assert.Equal(new[] { 3, 2 }, t.Squeeze().Shape.ToArray());
        Assert.Equal(new[] { 1, 3, 2 }, t.Squeeze(-2).Shape.ToArray());
        Assert.Same(t, t.Squeeze(1)); // size 3: unchanged, as torch.squeeze
        Assert.Equal(Array.Empty<int>(), Tensor.Zeros([1, 1]).Squeeze().Shape.ToArray());
        Assert.Equal(new[] { 2, 3, 1 }, Grid.Unsqueeze(-1).Shape.ToArray());
        Assert.Equal(new[] { 2, 1, 3 }, Grid.Unsqueeze(-2).Shape.ToArray());
        Assert.Equal(new[] { 1, 2, 3 }, Grid.Unsqueeze(-3).Shape.ToArray());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Grid.Unsqueeze(3));
        Assert.Contains("unsqueeze: dimension 3 is out of range for a tensor of shape [2, 3] (expects [-3, 2])", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Grid.Squeeze(2));
    }

    [Fact]
    public void RepeatTilesAndAddsLeadingDimensions()
    {
        // torch.tensor([1, 2, 3]).repeat(4, 2): shape [4, 6], every row 1 2 3 1 2 3.
        var r = Tensor.FromArray([1f, 2f, 3f]).Repeat(4, 2);
        Assert.Equal(new[] { 4, 6 }, r.Shape.ToArray());
        Assert.Equal(Enumerable.Repeat(new float[] { 1, 2, 3, 1, 2, 3 }, 4).SelectMany(x => x).ToArray(), r.ToArray());

        // torch.arange(4).reshape(2, 2).repeat(2, 1, 2): [[0, 1, 0, 1], [2, 3, 2, 3]] twice.
        var m = Tensor.Arange(4).Reshape(2, 2).Repeat(2, 1, 2);
        Assert.Equal(new[] { 2, 2, 4 }, m.Shape.ToArray());
        Assert.Equal(new float[] { 0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3 }, m.ToArray());

        Assert.Equal(new float[] { 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5 }, Grid.Repeat(1, 2).ToArray());
        var e = Assert.Throws<ArgumentException>(() => Grid.Repeat(2));
        Assert.Contains("repeat: 1 repeat counts for a tensor of shape [2, 3]: expects at least 2", e.Message);
    }

    public static TheoryData<string> Helpers => new() { "pad", "pad-crop", "stack", "split", "split-sizes", "chunk", "squeeze", "unsqueeze", "repeat" };

    /// <summary>Each helper inside a small non-linear function of a [2, 3] and a [2, 3] input.</summary>
    private static Func<Tensor[], Tensor> Helper(string name) => name switch
    {
        "pad" => xs => xs[0].Tanh().Pad([1, 2, 0, 1], 0.5) * Seeded(11, 3, 6),
        "pad-crop" => xs => xs[0].Pad([-1, 1, 1, -1], -2) * xs[1].Exp(),
        "stack" => xs => Tensor.Stack([xs[0], xs[1].Sigmoid()], 1) * Seeded(12, 2, 2, 3),
        "split" => xs => xs[0].Split(2, 1)[1].Square() + xs[1].Split(2, 1)[0].Sum(1, keepDim: true),
        "split-sizes" => xs => xs[0].Split([1, 2], 1)[1] * xs[1].Split([2, 1], 1)[0],
        "chunk" => xs => xs[0].Chunk(2, 1)[0] * xs[1].Chunk(2, 1)[1].Sum(),
        "squeeze" => xs => xs[0].Reshape(1, 2, 1, 3).Squeeze().Tanh() * xs[1],
        "unsqueeze" => xs => xs[0].Unsqueeze(-1) * xs[1].Unsqueeze(1),
        "repeat" => xs => xs[0].Repeat(2, 1, 2).Tanh() * Seeded(13, 2, 2, 6),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Helpers))]
    public void GradientsMatchFiniteDifferences(string name) => AssertGradients(Helper(name), Randn(2, 3), Seeded(14, 2, 3));

    [Theory]
    [MemberData(nameof(Helpers))]
    public void ForwardModeMatchesACentralDifference(string name)
    {
        var f = Helper(name);
        var x = new[] { Randn(2, 3), Seeded(14, 2, 3) };
        var v = new[] { Seeded(15, 2, 3), Seeded(16, 2, 3) };
        var (value, jv) = ForwardAD.Jvp(f, x, v);
        Assert.Equal(f(x).ToDoubleArray(), value.ToDoubleArray());

        const double h = 1e-5;
        var plus = f([x[0] + (v[0] * h), x[1] + (v[1] * h)]);
        var minus = f([x[0] - (v[0] * h), x[1] - (v[1] * h)]);
        var expected = ((plus - minus) / (2 * h)).ToDoubleArray();
        Assert.Equal(expected.Length, jv.Count);
        AssertClose(expected, jv, 1e-6);
    }
}
