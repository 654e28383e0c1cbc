using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// The CNN layers' gradients against central finite differences (float64, for the input and for every
/// parameter), "same" padding's output size, PyTorch's default initialisation bounds, Dropout2d's channel
/// masks, and the errors for bad input.
/// </summary>
public class CnnLayerBehaviourTests
{
    public static TheoryData<string> LayerNames => [.. Layers.Keys];

    private static readonly Dictionary<string, (Func<Module> Make, int[] Input)> Layers = new()
    {
        ["conv1d"] = (() => new Conv1d(2, 3, 3, stride: 2, padding: 1, dilation: 2, generator: new Generator(1)), [2, 2, 9]),
        ["conv1d same even"] = (() => new Conv1d(2, 2, 4, "same", generator: new Generator(2)), [2, 2, 7]),
        ["conv2d"] = (() => new Conv2d(2, 4, [3, 2], stride: [2, 1], padding: [1], groups: 2, generator: new Generator(3)), [2, 2, 5, 4]),
        ["conv2d same even dilated"] = (() => new Conv2d(2, 3, [2, 4], "same", dilation: [2, 1], generator: new Generator(4)), [1, 2, 5, 6]),
        ["conv_transpose2d"] = (() => new ConvTranspose2d(2, 4, 3, stride: 2, padding: 1, outputPadding: 1, groups: 2, generator: new Generator(5)), [2, 2, 3, 3]),
        ["maxpool1d"] = (() => new MaxPool1d(3, 2, 1), [2, 2, 9]),
        ["maxpool2d"] = (() => new MaxPool2d([3, 2], stride: [2, 1], padding: [1], dilation: [1, 2], ceilMode: true), [1, 2, 6, 7]),
        ["avgpool1d"] = (() => new AvgPool1d(3, 2, 1, ceilMode: true, countIncludePad: false), [2, 2, 8]),
        ["avgpool2d"] = (() => new AvgPool2d(3, stride: 2, padding: 1, divisorOverride: 7), [1, 2, 6, 5]),
        ["adaptiveavgpool2d"] = (() => new AdaptiveAvgPool2d([3, 2]), [2, 2, 7, 5]),
        ["batchnorm2d train"] = (() => new BatchNorm2d(3), [3, 3, 2, 3]),
        ["batchnorm2d eval"] = (() => WithStatistics(new BatchNorm2d(3, affine: true)), [2, 3, 2, 2]),
        ["dropout2d"] = (() => new Dropout2d(0.4, new Generator(9)), [3, 4, 2, 2]),
    };

    private static BatchNorm2d WithStatistics(BatchNorm2d bn)
    {
        bn.Forward(Tensor.Randn([4, 3, 3, 3], generator: new Generator(8)) * 2.0);
        bn.Eval();
        return bn;
    }

    [Theory, MemberData(nameof(LayerNames))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        var (make, shape) = Layers[name];

        // A fresh layer per call, so that Dropout2d draws the same mask every time.
        Module Fresh() => make().To(DType.Float64);

        var x = TestData.Seeded(shape.Sum(), shape);
        TestData.AssertGradients(t => Fresh().Forward(t[0]).Tanh(), x);

        var layer = Fresh();
        if (!layer.NamedParameters().Any())
        {
            return;
        }

        var weights = TestData.Seeded(99, layer.Forward(x).Shape.ToArray());
        double Loss()
        {
            using (GradMode.NoGrad())
            {
                return (layer.Forward(x) * weights).Sum().ItemAsDouble();
            }
        }

        var loss = (layer.Forward(x) * weights).Sum();
        loss.Backward();
        foreach (var (pname, p) in layer.NamedParameters())
        {
            var analytic = p.Grad!.ToDoubleArray();
            var v = p.ToDoubleArray();
            const double h = 1e-6;
            for (var k = 0; k < v.Length; k++)
            {
                var original = v[k];
                v[k] = original + h;
                Set(p, v);
                var plus = Loss();
                v[k] = original - h;
                Set(p, v);
                var minus = Loss();
                v[k] = original;
                Set(p, v);
                var numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[k]) <= 1e-6 + (1e-5 * Math.Abs(numeric)), $"{name} {pname}[{k}]: analytic {analytic[k]}, numeric {numeric}");
            }
        }
    }

    private static void Set(Tensor p, double[] v)
    {
        using (GradMode.NoGrad())
        {
            p.CopyFrom(Tensor.FromArray(v).Reshape(p.Shape.ToArray()).To(p.DType));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(4, 3)]
    public void SamePaddingKeepsTheInputSize(int kernel, int dilation)
    {
        var x2 = Tensor.Randn([2, 3, 7, 6], generator: new Generator(1));
        Assert.Equal([2, 5, 7, 6], new Conv2d(3, 5, kernel, "same", dilation: dilation).Forward(x2).Shape.ToArray());
        Assert.Equal([2, 5, 7, 6], new Conv2d(3, 5, [kernel, kernel + 1], "same", dilation: [dilation, 1]).Forward(x2).Shape.ToArray());
        var x1 = Tensor.Randn([2, 3, 10], generator: new Generator(2));
        Assert.Equal([2, 4, 10], new Conv1d(3, 4, kernel, "same", dilation: dilation).Forward(x1).Shape.ToArray());
        Assert.Equal([3, 10], new Conv1d(3, 3, kernel, "same", dilation: dilation).Forward(Tensor.Randn([3, 10], generator: new Generator(3))).Shape.ToArray());
    }

    [Fact]
    public void EvenSamePaddingPutsTheExtraZeroAtTheEnd()
    {
        // A kernel [1, 0] at offset 0 of the window: with the extra zero on the right the output equals the input.
        var conv = new Conv1d(1, 1, 2, "same", bias: false);
        using (GradMode.NoGrad())
        {
            conv.Weight.CopyFrom(Tensor.FromArray([1.0, 0.0]).Reshape(1, 1, 2));
        }

        var x = Tensor.FromArray([1.0, 2.0, 3.0, 4.0]).Reshape(1, 1, 4);
        Assert.Equal(x.ToArray(), conv.Forward(x).ToArray());
    }

    [Fact]
    public void DefaultInitialisationUsesPyTorchsFanIn()
    {
        AssertBound(new Conv2d(3, 8, 5, generator: new Generator(1)), 1 / Math.Sqrt(3 * 25));
        AssertBound(new Conv2d(4, 8, [3, 2], groups: 2, generator: new Generator(2)), 1 / Math.Sqrt(2 * 6));
        AssertBound(new Conv1d(3, 8, 4, generator: new Generator(3)), 1 / Math.Sqrt(3 * 4));

        // The transposed weight is [in, out / groups, kh, kw]; PyTorch takes fan_in from its second dimension.
        AssertBound(new ConvTranspose2d(4, 6, 3, groups: 2, generator: new Generator(4)), 1 / Math.Sqrt(3 * 9));
        AssertBound(new ConvTranspose2d(6, 2, 2, generator: new Generator(5)), 1 / Math.Sqrt(2 * 4));
    }

    private static void AssertBound(Module m, double bound)
    {
        foreach (var (name, p) in m.NamedParameters())
        {
            var v = p.ToDoubleArray();
            Assert.All(v, x => Assert.InRange(Math.Abs(x), 0, bound));
            Assert.True(v.Max(Math.Abs) > 0.7 * bound, $"{m} {name}: the values should fill ±{bound}, largest {v.Max(Math.Abs)}");
        }
    }

    [Fact]
    public void Dropout2dDropsWholeChannelsAndScalesTheRest()
    {
        var x = Tensor.Ones([8, 16, 3, 3]);
        var y = new Dropout2d(0.25, new Generator(3)).Forward(x).Reshape(8 * 16, 9).ToDoubleArray();
        var kept = 0;
        for (var c = 0; c < 8 * 16; c++)
        {
            var channel = y.AsSpan(c * 9, 9).ToArray();
            Assert.True(channel.All(v => v == 0) || channel.All(v => Math.Abs(v - (1 / 0.75)) < 1e-6), $"channel {c}: {string.Join(", ", channel)}");
            kept += channel[0] != 0 ? 1 : 0;
        }

        Assert.InRange(kept, 80, 110); // 96 expected of 128
        Assert.Equal(y, new Dropout2d(0.25, new Generator(3)).Forward(x).Reshape(8 * 16, 9).ToDoubleArray());

        var eval = new Dropout2d(0.25);
        eval.Eval();
        Assert.Same(x, eval.Forward(x));
        Assert.Equal([4, 3, 3], new Dropout2d(0.5, new Generator(1)).Forward(Tensor.Ones([4, 3, 3])).Shape.ToArray());
        Assert.Equal("Dropout2d(p=0.5, inplace=False)", new Dropout2d().ToString());
    }

    [Fact]
    public void BadInputIsAClearError()
    {
        var conv = new Conv2d(3, 6, 5);
        var channels = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([2, 4, 28, 28]))).Message;
        Assert.Contains("Conv2d", channels, StringComparison.Ordinal);
        Assert.Contains("[2, 4, 28, 28]", channels, StringComparison.Ordinal);
        Assert.Contains("[6, 3, 5, 5]", channels, StringComparison.Ordinal);

        var rank = Assert.Throws<ArgumentException>(() => conv.Forward(Tensor.Zeros([2, 784]))).Message;
        Assert.Contains("Conv2d", rank, StringComparison.Ordinal);
        Assert.Contains("[2, 784]", rank, StringComparison.Ordinal);

        var small = Assert.Throws<ArgumentException>(() => new Conv2d(3, 6, 5, padding: 1).Forward(Tensor.Zeros([1, 3, 2, 8]))).Message;
        Assert.Contains("larger than the padded input", small, StringComparison.Ordinal);
        Assert.Contains("[1, 3, 2, 8]", small, StringComparison.Ordinal);
        Assert.Contains("[6, 3, 5, 5]", small, StringComparison.Ordinal);
        Assert.Contains("Conv1d", Assert.Throws<ArgumentException>(() => new Conv1d(2, 2, 4).Forward(Tensor.Zeros([1, 2, 3]))).Message, StringComparison.Ordinal);
        Assert.Contains("Conv1d", Assert.Throws<ArgumentException>(() => new Conv1d(2, 2, 3).Forward(Tensor.Zeros([1, 3, 9]))).Message, StringComparison.Ordinal);
        Assert.Contains("ConvTranspose2d", Assert.Throws<ArgumentException>(() => new ConvTranspose2d(2, 2, 3).Forward(Tensor.Zeros([1, 3, 4, 4]))).Message, StringComparison.Ordinal);

        Assert.Contains("strided", Assert.Throws<ArgumentException>(() => new Conv2d(3, 6, 3, "same", stride: 2)).Message, StringComparison.Ordinal);
        Assert.Contains("'full'", Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d(3, 6, 3, "full")).Message, StringComparison.Ordinal);
        Assert.Contains("groups", Assert.Throws<ArgumentException>(() => new Conv2d(3, 6, 3, groups: 2)).Message, StringComparison.Ordinal);
        Assert.Contains("output_padding", Assert.Throws<ArgumentException>(() => new ConvTranspose2d(3, 6, 3, stride: 2, outputPadding: 2)).Message, StringComparison.Ordinal);
        Assert.Contains("MaxPool2d", Assert.Throws<ArgumentException>(() => new MaxPool2d(2).Forward(Tensor.Zeros([4, 16]))).Message, StringComparison.Ordinal);
        Assert.Contains("half", Assert.Throws<ArgumentException>(() => new AvgPool2d(2, padding: 2)).Message, StringComparison.Ordinal);
        Assert.Contains("BatchNorm2d", Assert.Throws<ArgumentException>(() => new BatchNorm2d(3).Forward(Tensor.Zeros([2, 4, 3, 3]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrintingMatchesPyTorchForDefaultsAndOptions()
    {
        Assert.Equal("Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))", new Conv2d(1, 6, 5).ToString());
        Assert.Equal("Conv2d(1, 6, kernel_size=(5, 3), stride=(2, 2), padding=(2, 2), dilation=(2, 2), bias=False)", new Conv2d(1, 6, [5, 3], stride: [2], padding: [2], dilation: [2], bias: false).ToString());
        Assert.Equal("Conv1d(2, 3, kernel_size=(3,), stride=(1,), padding=valid)", new Conv1d(2, 3, 3, "valid").ToString());
        Assert.Equal("ConvTranspose2d(3, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))", new ConvTranspose2d(3, 2, 3, stride: 2, padding: 1, outputPadding: 1).ToString());
        Assert.Equal("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).ToString());
        Assert.Equal("MaxPool2d(kernel_size=(2, 3), stride=(2, 3), padding=(1, 1), dilation=1, ceil_mode=False)", new MaxPool2d([2, 3], padding: [1, 1]).ToString());
        Assert.Equal("AvgPool2d(kernel_size=(2, 3), stride=1, padding=1)", new AvgPool2d([2, 3], stride: [1], padding: [1], ceilMode: true, countIncludePad: false, divisorOverride: 3).ToString());
        Assert.Equal("AvgPool1d(kernel_size=(3,), stride=(3,), padding=(0,))", new AvgPool1d(3).ToString());
        Assert.Equal("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).ToString());
        Assert.Equal("BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm2d(6).ToString());
    }
}
