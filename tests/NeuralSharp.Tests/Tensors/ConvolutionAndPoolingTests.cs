using System.Text.Json;
using NeuralSharp.Autograd;

namespace NeuralSharp.Tests.Tensors;

/// <summary>
/// Convolutions, unfold, fold and pooling against PyTorch's own numbers (tests/python/conv_reference.py wrote
/// Fixtures/torch/convolution.json), against finite differences, and their input checks.
/// </summary>
public class ConvolutionAndPoolingTests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", "convolution.json")));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone())];
    });

    public static TheoryData<string> CaseNames => [.. Cases.Value.Select(c => c.GetProperty("name").GetString()!)];

    private static double[] Values(JsonElement c, string key) => [.. c.GetProperty(key).EnumerateArray().Select(v => v.GetDouble())];

    private static int[] Ints(JsonElement c, string key) => [.. c.GetProperty(key).EnumerateArray().Select(v => v.GetInt32())];

    private static (int, int) Pair(JsonElement args, string key, int fallback) =>
        args.TryGetProperty(key, out var v) ? (v[0].GetInt32(), v[1].GetInt32()) : (fallback, fallback);

    private static int Single(JsonElement args, string key, int fallback) => args.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;

    private static bool Flag(JsonElement args, string key, bool fallback) => args.TryGetProperty(key, out var v) ? v.GetBoolean() : fallback;

    /// <summary>The case's function applied to (input, weight, bias) with the case's arguments.</summary>
    private static Tensor Apply(JsonElement c, Tensor x, Tensor? w, Tensor? b)
    {
        var a = c.GetProperty("args");
        return c.GetProperty("function").GetString() switch
        {
            "conv2d" => Tensor.Conv2d(x, w!, b, Pair(a, "stride", 1), Pair(a, "padding", 0), Pair(a, "dilation", 1), Single(a, "groups", 1)),
            "conv1d" => Tensor.Conv1d(x, w!, b, Single(a, "stride", 1), Single(a, "padding", 0), Single(a, "dilation", 1), Single(a, "groups", 1)),
            "conv_transpose2d" => Tensor.ConvTranspose2d(x, w!, b, Pair(a, "stride", 1), Pair(a, "padding", 0), Pair(a, "output_padding", 0), Single(a, "groups", 1), Pair(a, "dilation", 1)),
            "unfold" => Tensor.Unfold(x, Pair(a, "kernel_size", 1), Pair(a, "dilation", 1), Pair(a, "padding", 0), Pair(a, "stride", 1)),
            "fold" => Tensor.Fold(x, Pair(a, "output_size", 1), Pair(a, "kernel_size", 1), Pair(a, "dilation", 1), Pair(a, "padding", 0), Pair(a, "stride", 1)),
            "max_pool2d" => Tensor.MaxPool2d(x, Pair(a, "kernel_size", 1), Pair(a, "stride", -1) is var st && st.Item1 < 0 ? null : st, Pair(a, "padding", 0), Pair(a, "dilation", 1), Flag(a, "ceil_mode", false)),
            "avg_pool2d" => Tensor.AvgPool2d(x, Pair(a, "kernel_size", 1), Pair(a, "stride", -1) is var st && st.Item1 < 0 ? null : st, Pair(a, "padding", 0), Flag(a, "ceil_mode", false), Flag(a, "count_include_pad", true), a.TryGetProperty("divisor_override", out var dv) ? dv.GetInt32() : null),
            "max_pool1d" => Tensor.MaxPool1d(x, Single(a, "kernel_size", 1), Single(a, "stride", 1), Single(a, "padding", 0), Single(a, "dilation", 1), Flag(a, "ceil_mode", false)),
            "avg_pool1d" => Tensor.AvgPool1d(x, Single(a, "kernel_size", 1), Single(a, "stride", 1), Single(a, "padding", 0), Flag(a, "ceil_mode", false), Flag(a, "count_include_pad", true)),
            "adaptive_avg_pool2d" => Tensor.AdaptiveAvgPool2d(x, Pair(a, "output_size", 1)),
            var f => throw new InvalidOperationException($"fixture function {f}"),
        };
    }

    [Theory, MemberData(nameof(CaseNames))]
    public void OutputsAndGradientsMatchPyTorch(string name)
    {
        var c = Cases.Value.Single(k => k.GetProperty("name").GetString() == name);
        foreach (var (dtype, tol) in new[] { (DType.Float64, 1e-11), (DType.Float32, 2e-5) })
        {
            var x = Tensor.FromArray(Values(c, "input"), Ints(c, "input_shape")).To(dtype).RequireGrad();
            var w = c.TryGetProperty("weight", out _) ? Tensor.FromArray(Values(c, "weight"), Ints(c, "weight_shape")).To(dtype).RequireGrad() : null;
            var b = c.TryGetProperty("bias", out _) ? Tensor.FromArray(Values(c, "bias")).To(dtype).RequireGrad() : null;
            var y = Apply(c, x, w, b);
            Assert.Equal(Ints(c, "output_shape"), y.Shape.ToArray());
            AssertNear(Values(c, "output"), y, tol, $"{name} output ({dtype})");

            (y * Tensor.FromArray(Values(c, "upstream"), Ints(c, "output_shape")).To(dtype)).Sum().Backward();
            AssertNear(Values(c, "input_grad"), x.Grad!, tol, $"{name} input gradient ({dtype})");
            if (w is not null)
            {
                AssertNear(Values(c, "weight_grad"), w.Grad!, tol, $"{name} weight gradient ({dtype})");
            }

            if (b is not null)
            {
                AssertNear(Values(c, "bias_grad"), b.Grad!, tol, $"{name} bias gradient ({dtype})");
            }
        }
    }

    private static void AssertNear(double[] expected, Tensor actual, double tol, string what)
    {
        var a = actual.ToDoubleArray();
        Assert.Equal(expected.Length, a.Length);
        var scale = Math.Max(1, expected.Max(Math.Abs));
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol * scale, $"{what}, element {i}: PyTorch {expected[i]}, NeuralSharp {a[i]}");
        }
    }

    [Fact]
    public void Conv2dGradientsMatchFiniteDifferences()
    {
        var x = TestData.Seeded(1, 2, 4, 5, 4);
        var w = TestData.Seeded(2, 6, 2, 3, 2);
        var b = TestData.Seeded(3, 6);
        TestData.AssertGradients(t => Tensor.Conv2d(t[0], t[1], t[2], stride: (2, 1), padding: (1, 1), dilation: (1, 2), groups: 2).Square().Sum(), x, w, b);
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(2, 1, 1)]
    [InlineData(1, 1, 3)]
    public void TheFusedConvolutionMatchesTheUnfoldMatMulComposition(int stride, int padding, int groups)
    {
        // A batch of 19 images: more than the weight gradient's 16 chunks, and not a multiple of them.
        var x = TestData.Seeded(20, 19, 3, 7, 6).Float().RequireGrad();
        var w = TestData.Seeded(21, 6, 3 / groups, 3, 2).Float().RequireGrad();
        var b = TestData.Seeded(22, 6).Float().RequireGrad();
        var upstream = TestData.Seeded(23, 19, 6, ((7 + (2 * padding) - 3) / stride) + 1, ((6 + (2 * padding) - 2) / stride) + 1).Float();
        var fused = Tensor.Conv2d(x, w, b, (stride, stride), (padding, padding), groups: groups);
        Assert.Equal("conv2d", fused.Creator!.Name);
        (fused * upstream).Sum().Backward();
        var (fx, fw, fb) = (x.Grad!.Clone(), w.Grad!.Clone(), b.Grad!.Clone());
        x.ZeroGrad();
        w.ZeroGrad();
        b.ZeroGrad();

        var cols = Tensor.Unfold(x, (3, 2), padding: (padding, padding), stride: (stride, stride));
        var positions = cols.Dims[2];
        var composed = w.Reshape(groups, 6 / groups, 3 / groups * 6).MatMul(cols.Reshape(19, groups, 3 / groups * 6, positions)).Reshape(fused.Dims) + b.Reshape(6, 1, 1);
        (composed * upstream).Sum().Backward();

        TestData.AssertClose(composed.ToDoubleArray(), fused, 1e-5);
        TestData.AssertClose(x.Grad!.ToDoubleArray(), fx, 1e-5);
        TestData.AssertClose(w.Grad!.ToDoubleArray(), fw, 1e-4);
        TestData.AssertClose(b.Grad!.ToDoubleArray(), fb, 1e-4);
    }

    [Fact]
    public void Conv1dAndTransposedConvolutionGradientsMatchFiniteDifferences()
    {
        TestData.AssertGradients(t => Tensor.Conv1d(t[0], t[1], t[2], stride: 2, padding: 2, dilation: 1).Tanh().Sum(),
            TestData.Seeded(4, 2, 3, 7), TestData.Seeded(5, 2, 3, 3), TestData.Seeded(6, 2));
        TestData.AssertGradients(t => Tensor.ConvTranspose2d(t[0], t[1], t[2], stride: (2, 2), padding: (1, 0), outputPadding: (1, 0)).Square().Sum(),
            TestData.Seeded(7, 1, 2, 3, 3), TestData.Seeded(8, 2, 3, 3, 2), TestData.Seeded(9, 3));
    }

    [Fact]
    public void UnfoldAndFoldGradientsAndTangentsMatch()
    {
        var x = TestData.Seeded(10, 1, 2, 4, 5);
        TestData.AssertGradients(t => Tensor.Unfold(t[0], (2, 2), padding: (1, 0), stride: (1, 2)).Square().Sum(), x);
        var cols = TestData.Seeded(11, 1, 8, 6);
        TestData.AssertGradients(t => Tensor.Fold(t[0], (3, 4), (2, 2), stride: (1, 1), padding: (0, 0)).Square().Sum(), cols);

        // Forward mode: the tangent of a linear map is the map of the tangent.
        var v = TestData.Seeded(12, 1, 2, 4, 5);
        var (_, jv) = ForwardAD.Jvp(t => Tensor.Unfold(t, (2, 2), padding: (1, 0), stride: (1, 2)), x, v);
        TestData.AssertClose(Tensor.Unfold(v, (2, 2), padding: (1, 0), stride: (1, 2)).ToDoubleArray(), jv, 1e-12);
        var (_, jc) = ForwardAD.Jvp(t => Tensor.Fold(t, (3, 4), (2, 2)), cols, cols * 2.0);
        TestData.AssertClose((Tensor.Fold(cols, (3, 4), (2, 2)) * 2.0).ToDoubleArray(), jc, 1e-12);
    }

    [Fact]
    public void UnbatchedInputsAreAccepted()
    {
        var x = TestData.Seeded(13, 2, 5, 5);
        var w = TestData.Seeded(14, 3, 2, 3, 3);
        var y = Tensor.Conv2d(x, w, padding: (1, 1));
        Assert.Equal([3, 5, 5], y.Shape.ToArray());
        TestData.AssertClose(Tensor.Conv2d(x.Unsqueeze(0), w, padding: (1, 1)).Squeeze(0).ToDoubleArray(), y, 1e-12);
    }

    [Fact]
    public void BadShapesNameTheOperationAndTheShapes()
    {
        var big = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros([1, 1, 2, 2]), Tensor.Zeros([1, 1, 5, 5]), padding: (1, 1)));
        Assert.Contains("conv2d: kernel 5x5", big.Message);
        Assert.Contains("larger than the padded input 4x4", big.Message);
        Assert.Contains("[1, 1, 2, 2]", big.Message);

        var channels = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros([1, 3, 5, 5]), Tensor.Zeros([4, 2, 3, 3])));
        Assert.Contains("conv2d: input [1, 3, 5, 5] and weight [4, 2, 3, 3]", channels.Message);

        var groups = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros([1, 4, 5, 5]), Tensor.Zeros([3, 2, 3, 3]), groups: 2));
        Assert.Contains("groups=2", groups.Message);

        var bias = Assert.Throws<ArgumentException>(() => Tensor.Conv2d(Tensor.Zeros([1, 2, 5, 5]), Tensor.Zeros([4, 2, 3, 3]), Tensor.Zeros([3])));
        Assert.Contains("conv2d: bias [3] does not match the 4 output channels", bias.Message);

        var rank = Assert.Throws<ArgumentException>(() => Tensor.Conv1d(Tensor.Zeros([1, 2, 3, 4]), Tensor.Zeros([1, 2, 3])));
        Assert.Contains("conv1d: expects input [N, C, L]", rank.Message);

        var outputPadding = Assert.Throws<ArgumentException>(() => Tensor.ConvTranspose2d(Tensor.Zeros([1, 1, 3, 3]), Tensor.Zeros([1, 1, 3, 3]), outputPadding: (1, 1)));
        Assert.Contains("smaller than the stride", outputPadding.Message);

        var fold = Assert.Throws<ArgumentException>(() => Tensor.Fold(Tensor.Zeros([1, 4, 7]), (3, 3), (2, 2)));
        Assert.Contains("fold: [1, 4, 7] holds 7 window positions, but a 3x3 output has 4", fold.Message);
    }

    [Fact]
    public void PoolingGradientsMatchFiniteDifferences()
    {
        var x = TestData.Seeded(20, 2, 2, 5, 6);
        TestData.AssertGradients(t => Tensor.MaxPool2d(t[0], (3, 2), stride: (2, 2), padding: (1, 1), ceilMode: true).Square().Sum(), x);
        TestData.AssertGradients(t => Tensor.AvgPool2d(t[0], (3, 3), stride: (2, 2), padding: (1, 1), ceilMode: true, countIncludePad: false).Square().Sum(), x);
        TestData.AssertGradients(t => Tensor.AdaptiveAvgPool2d(t[0], (2, 4)).Square().Sum(), x);
        TestData.AssertGradients(t => Tensor.MaxPool1d(t[0], 2, padding: 1).Square().Sum(), TestData.Seeded(21, 2, 3, 7));
    }

    [Fact]
    public void PoolingChecksItsArguments()
    {
        var pad = Assert.Throws<ArgumentException>(() => Tensor.MaxPool2d(Tensor.Zeros([1, 1, 4, 4]), (2, 2), padding: (2, 0)));
        Assert.Contains("max_pool2d: padding (2, 0) must be between 0 and half the kernel size (2, 2)", pad.Message);
        var big = Assert.Throws<ArgumentException>(() => Tensor.AvgPool2d(Tensor.Zeros([1, 1, 2, 2]), (3, 3)));
        Assert.Contains("avg_pool2d: kernel (3, 3)", big.Message);
        Assert.Contains("[1, 1, 2, 2]", big.Message);
        var rank = Assert.Throws<ArgumentException>(() => Tensor.MaxPool1d(Tensor.Zeros([1, 1, 2, 2]), 2));
        Assert.Contains("max_pool1d: expects [N, C, L] or [C, L], got [1, 1, 2, 2]", rank.Message);
    }
}
