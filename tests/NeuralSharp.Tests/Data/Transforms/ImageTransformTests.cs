using NeuralSharp.Data;
using NeuralSharp.Data.Transforms;

namespace NeuralSharp.Tests.Data.Transforms;

public class ImageTransformTests
{
    private static readonly ImageShape Grey7x5 = ImageShape.Grey(7, 5);

    // Distinct values, so that a pixel's value says where it came from.
    private static float[] Numbered(ImageShape shape) => [.. Enumerable.Range(1, shape.Size).Select(i => (float)i)];

    [Theory]
    [InlineData(2, -1)]
    [InlineData(-3, 2)]
    [InlineData(0, 4)]
    public void ShiftMovesEveryPixelByExactlyTheOffsetAndFillsWithZeros(int dx, int dy)
    {
        var shape = new ImageShape(2, 7, 5);
        var source = Numbered(shape);
        var shifted = new float[shape.Size];
        RandomShift.Shift(source, shifted, shape, dx, dy);
        for (var c = 0; c < 2; c++)
        {
            for (var y = 0; y < 7; y++)
            {
                for (var x = 0; x < 5; x++)
                {
                    int sy = y - dy, sx = x - dx;
                    var expected = sy is >= 0 and < 7 && sx is >= 0 and < 5 ? source[(c * 35) + (sy * 5) + sx] : 0f;
                    Assert.Equal(expected, shifted[(c * 35) + (y * 5) + x]);
                }
            }
        }
    }

    [Fact]
    public void RandomShiftGivesAnExactShiftWithinItsRangeAndReachesEveryOffset()
    {
        var source = Numbered(Grey7x5);
        var seen = new HashSet<(int, int)>();
        var transform = new RandomShift(1);
        var image = new float[Grey7x5.Size];
        var scratch = new float[Grey7x5.Size];
        var candidate = new float[Grey7x5.Size];
        for (var example = 0; example < 200; example++)
        {
            source.CopyTo(image, 0);
            var random = new TransformRandom(5, 0, example);
            transform.Apply(image, scratch, Grey7x5, ref random);
            var matches = new List<(int, int)>();
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    RandomShift.Shift(source, candidate, Grey7x5, dx, dy);
                    if (candidate.AsSpan().SequenceEqual(image))
                    {
                        matches.Add((dx, dy));
                    }
                }
            }

            Assert.Single(matches);
            seen.Add(matches[0]);
        }

        Assert.Equal(9, seen.Count);
    }

    [Fact]
    public void RotationByZeroAndScaleOneIsTheIdentity()
    {
        var shape = new ImageShape(3, 6, 9);
        var generator = new Generator(2);
        var source = Enumerable.Range(0, shape.Size).Select(_ => (float)generator.NextDouble()).ToArray();
        var warped = new float[shape.Size];
        RandomAffine.Warp(source, warped, shape, 0, 1);
        Assert.Equal(source, warped);

        var image = (float[])source.Clone();
        var random = new TransformRandom(1, 0, 0);
        new RandomAffine(0).Apply(image, new float[shape.Size], shape, ref random);
        Assert.Equal(source, image);
    }

    [Fact]
    public void RotationByNinetyDegreesTurnsTheImageAnticlockwise()
    {
        var shape = ImageShape.Grey(5, 5);
        var source = Numbered(shape);
        var rotated = new float[shape.Size];
        RandomAffine.Warp(source, rotated, shape, 90, 1);
        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 5; x++)
            {
                // The top-right corner goes to the top-left: out[y, x] = in[x, 4 - y].
                Assert.Equal(source[(x * 5) + 4 - y], rotated[(y * 5) + x], 1e-4f);
            }
        }
    }

    [Fact]
    public void ScalingAboutTheCentreInterpolatesARampExactly()
    {
        // Bilinear sampling reproduces a linear function, so scaling a ramp by s about the centre gives c + (x - c) / s.
        var shape = ImageShape.Grey(9, 9);
        var ramp = new float[shape.Size];
        for (var y = 0; y < 9; y++)
        {
            for (var x = 0; x < 9; x++)
            {
                ramp[(y * 9) + x] = x;
            }
        }

        var scaled = new float[shape.Size];
        RandomAffine.Warp(ramp, scaled, shape, 0, 2);
        for (var y = 0; y < 9; y++)
        {
            for (var x = 0; x < 9; x++)
            {
                Assert.Equal(4 + ((x - 4) / 2.0), scaled[(y * 9) + x], 5);
            }
        }
    }

    [Fact]
    public void FlipMirrorsEachRowAndTwiceIsTheIdentity()
    {
        var shape = new ImageShape(2, 3, 4);
        var source = Numbered(shape);
        var image = (float[])source.Clone();
        RandomHorizontalFlip.Flip(image, shape);
        for (var row = 0; row < 6; row++)
        {
            for (var x = 0; x < 4; x++)
            {
                Assert.Equal(source[(row * 4) + 3 - x], image[(row * 4) + x]);
            }
        }

        RandomHorizontalFlip.Flip(image, shape);
        Assert.Equal(source, image);
    }

    [Fact]
    public void FlipProbabilityZeroAndOneAreNeverAndAlways()
    {
        var source = Numbered(Grey7x5);
        var flipped = (float[])source.Clone();
        RandomHorizontalFlip.Flip(flipped, Grey7x5);
        for (var example = 0; example < 20; example++)
        {
            var never = (float[])source.Clone();
            var always = (float[])source.Clone();
            var r1 = new TransformRandom(3, 0, example);
            var r2 = new TransformRandom(3, 0, example);
            new RandomHorizontalFlip(0).Apply(never, new float[35], Grey7x5, ref r1);
            new RandomHorizontalFlip(1).Apply(always, new float[35], Grey7x5, ref r2);
            Assert.Equal(source, never);
            Assert.Equal(flipped, always);
        }
    }

    [Fact]
    public void NormalizeFittedOnADataSetGivesMeanZeroAndStdOneInEveryChannel()
    {
        var shape = new ImageShape(3, 4, 4);
        var generator = new Generator(4);
        var n = 300;
        var values = new float[n * shape.Size];
        for (var i = 0; i < values.Length; i++)
        {
            var channel = i % shape.Size / shape.PlaneSize;
            values[i] = (float)((channel * 2.0) + 0.5 + ((channel + 1) * generator.NextDouble()));
        }

        var data = new TensorDataset(Tensor.FromArray(values, n, shape.Size), new int[n]);
        var normalize = Normalize.Fit(data, shape);
        Assert.Equal(3, normalize.Mean.Count);
        var normalised = new TransformedDataset(data, shape, normalize).GetBatch([.. Enumerable.Range(0, n)]).Inputs.ToArray();
        for (var c = 0; c < 3; c++)
        {
            var channel = normalised.Where((_, i) => i % shape.Size / shape.PlaneSize == c).Select(v => (double)v).ToArray();
            var mean = channel.Average();
            var std = Math.Sqrt(channel.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, std, 4);
        }
    }

    [Fact]
    public void ComposeRunsItsTransformsInOrder()
    {
        var shape = ImageShape.Grey(3, 3);
        var source = Numbered(shape);

        // Normalising then flipping equals flipping then normalising; shifting then normalising does not equal the reverse (zeros move).
        var a = (float[])source.Clone();
        var random = new TransformRandom(0, 0, 0);
        new Compose(new Normalize(1, 2), new RandomHorizontalFlip(1)).Apply(a, new float[9], shape, ref random);
        var expected = source.Select(v => (v - 1) / 2f).ToArray();
        RandomHorizontalFlip.Flip(expected, shape);
        Assert.Equal(expected, a);
    }

    public static TheoryData<string, Func<object>> BadSettings => new()
    {
        { "largest shift", () => new RandomShift(-1) },
        { "[0, 180]", () => new RandomAffine(-5) },
        { "[0, 180]", () => new RandomAffine(200) },
        { "[0, 180]", () => new RandomAffine(double.NaN) },
        { "positive and finite", () => new RandomAffine(10, 0, 1) },
        { "positive and finite", () => new RandomAffine(10, 1, double.PositiveInfinity) },
        { "smallest scale 1.2 is above the largest 0.9", () => new RandomAffine(10, 1.2, 0.9) },
        { "[0, 1]", () => new RandomHorizontalFlip(1.5) },
        { "positive and finite", () => new Normalize(0.5, 0) },
        { "not a finite number", () => new Normalize(double.NaN, 1) },
        { "2 means and 1 deviations", () => new Normalize([0.1, 0.2], [0.3]) },
        { "at least one transform", () => new Compose() },
        { "would move a 1x7x5 image out of view", () => new TransformedDataset(Images(2, 35), Grey7x5, new RandomShift(5)) },
        { "do not fit images of 1x7x5", () => new TransformedDataset(Images(2, 35), Grey7x5, new Normalize([0, 0, 0], [1, 1, 1])) },
        { "not images of 1x7x5", () => new TransformedDataset(Images(2, 36), Grey7x5, new RandomShift(1)) },
        { "channel 0 is constant", () => Normalize.Fit(new TensorDataset(Tensor.Ones([4, 35]), new int[4]), Grey7x5) },
        { "image of 1x7x5 has 35 values, got 34", () => { RandomShift.Shift(new float[34], new float[35], Grey7x5, 1, 1); return 0; } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void BadSettingsAreClearArgumentExceptions(string message, Func<object> create)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => create());
        Assert.Contains(message, e.Message);
    }

    private static TensorDataset Images(int n, int size) => new(Tensor.Zeros([n, size]), new int[n]);
}
