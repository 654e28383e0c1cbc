using System.Text.Json;
using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// The convolution, pooling, BatchNorm2d and Dropout2d layers against PyTorch (tests/python/cnn_layers_reference.py
/// wrote Fixtures/torch/cnn_layers.json: repr, state_dict names and shapes, outputs and gradients with the same
/// parameters), against finite differences, and their input checks.
/// </summary>
public class CnnLayerTests
{
    private static readonly Lazy<JsonElement> Fixture = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "torch", "cnn_layers.json")));
        return doc.RootElement.Clone();
    });

    /// <summary>The NeuralSharp layer for each fixture case, built with the arguments the Python script gave PyTorch.</summary>
    private static readonly Dictionary<string, Func<Module>> Layers = new()
    {
        ["conv2d stride padding"] = () => new Conv2d(3, 4, 3, stride: 2, padding: 1),
        ["conv2d rect kernel dilation groups no bias"] = () => new Conv2d(4, 6, [3, 2], padding: [2, 1], dilation: [2], groups: 2, bias: false),
        ["conv2d same odd"] = () => new Conv2d(2, 3, 3, "same"),
        ["conv2d same even dilated"] = () => new Conv2d(2, 3, [4, 2], "same", dilation: [1, 3]),
        ["conv2d valid"] = () => new Conv2d(2, 2, 2, "valid"),
        ["conv2d depthwise unbatched"] = () => new Conv2d(3, 3, 3, groups: 3, padding: 1),
        ["conv1d stride padding dilation"] = () => new Conv1d(3, 4, 3, stride: 2, padding: 1, dilation: 2),
        ["conv1d same even"] = () => new Conv1d(2, 3, 4, "same"),
        ["conv_transpose2d stride output padding"] = () => new ConvTranspose2d(3, 4, 3, stride: 2, padding: 1, outputPadding: 1),
        ["conv_transpose2d groups dilation no bias"] = () => new ConvTranspose2d(4, 2, [2, 3], groups: 2, dilation: [2, 1], bias: false),
        ["maxpool2d"] = () => new MaxPool2d(2),
        ["maxpool2d full"] = () => new MaxPool2d([3, 2], stride: [2, 1], padding: [1], dilation: [1, 2], ceilMode: true),
        ["maxpool1d"] = () => new MaxPool1d(3, 2, 1),
        ["avgpool2d"] = () => new AvgPool2d(2),
        ["avgpool2d exclude padding ceil"] = () => new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
        ["avgpool2d divisor"] = () => new AvgPool2d([2, 3], stride: [1], divisorOverride: 4),
        ["avgpool1d"] = () => new AvgPool1d(4, 3, 2, ceilMode: true),
        ["adaptiveavgpool2d"] = () => new AdaptiveAvgPool2d([3, 2]),
        ["adaptiveavgpool2d global"] = () => new AdaptiveAvgPool2d(1),
    };

    public static TheoryData<string> CaseNames => [.. Fixture.Value.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    private static double[] Values(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    private static Dictionary<string, Tensor> State(JsonElement e, DType dtype) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => Tensor.FromArray(Values(p.Value.GetProperty("values"))).Reshape(Ints(p.Value.GetProperty("shape"))).To(dtype));

    [Fact]
    public void EveryFixtureCaseHasALayer() =>
        Assert.Equal(
            Fixture.Value.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order(StringComparer.Ordinal),
            Layers.Keys.Order(StringComparer.Ordinal));

    [Theory, MemberData(nameof(CaseNames))]
    public void LayerMatchesPyTorch(string name)
    {
        var c = Fixture.Value.GetProperty("cases").EnumerateArray().Single(k => k.GetProperty("name").GetString() == name);
        Assert.Equal(c.GetProperty("repr").GetString(), Layers[name]().ToString());
        foreach (var (dtype, tol) in new[] { (DType.Float64, 1e-11), (DType.Float32, 2e-5) })
        {
            var layer = Layers[name]().To(dtype);
            var expectedState = State(c.GetProperty("state"), dtype);
            Assert.Equal(expectedState.Keys, layer.StateDict().Keys);
            Assert.Equal(expectedState.Values.Select(t => t.Shape), layer.StateDict().Values.Select(t => t.Shape));
            layer.LoadStateDict(expectedState);

            var x = Tensor.FromArray(Values(c.GetProperty("input")), Ints(c.GetProperty("input_shape"))).To(dtype).RequireGrad();
            var y = layer.Forward(x);
            Assert.Equal(Ints(c.GetProperty("output_shape")), y.Shape.ToArray());
            AssertNear(Values(c.GetProperty("output")), y, tol, $"{name} output ({dtype})");
            (y * Tensor.FromArray(Values(c.GetProperty("upstream")), y.Shape.ToArray()).To(dtype)).Sum().Backward();
            AssertNear(Values(c.GetProperty("input_grad")), x.Grad!, tol, $"{name} input gradient ({dtype})");
            foreach (var g in c.GetProperty("param_grads").EnumerateObject())
            {
                AssertNear(Values(g.Value), layer.NamedParameters().Single(q => q.Key == g.Name).Value.Grad!, tol, $"{name} {g.Name} gradient ({dtype})");
            }
        }
    }

    [Fact]
    public void BatchNorm2dMatchesPyTorchInTrainingAndEvaluation()
    {
        var f = Fixture.Value.GetProperty("batchnorm2d");
        var bn = new BatchNorm2d(3, eps: 1e-3, momentum: 0.2).To(DType.Float64);
        Assert.Equal(f.GetProperty("repr").GetString(), bn.ToString());
        var initial = State(f.GetProperty("initial"), DType.Float64);
        Assert.Equal(initial.Keys, bn.StateDict().Keys);
        bn.LoadStateDict(initial);
        var shape = Ints(f.GetProperty("input_shape"));
        bn.Train();
        bn.Forward(Tensor.FromArray(Values(f.GetProperty("input1")), shape));
        var x2 = Tensor.FromArray(Values(f.GetProperty("input2")), shape).RequireGrad();
        var y2 = bn.Forward(x2);
        AssertNear(Values(f.GetProperty("output2")), y2, 1e-11, "training output");
        (y2 * Tensor.FromArray(Values(f.GetProperty("upstream")), shape)).Sum().Backward();
        AssertNear(Values(f.GetProperty("input_grad")), x2.Grad!, 1e-11, "input gradient");
        AssertNear(Values(f.GetProperty("param_grads").GetProperty("weight")), bn.Weight!.Grad!, 1e-11, "weight gradient");
        AssertNear(Values(f.GetProperty("param_grads").GetProperty("bias")), bn.Bias!.Grad!, 1e-11, "bias gradient");

        foreach (var (key, expected) in State(f.GetProperty("after"), DType.Float64))
        {
            AssertNear(expected.ToDoubleArray(), bn.StateDict()[key], 1e-12, $"{key} after two steps");
        }

        Assert.Equal(2.0, bn.StateDict()["num_batches_tracked"].ItemAsDouble());
        bn.Eval();
        using (GradMode.NoGrad())
        {
            var y3 = bn.Forward(Tensor.FromArray(Values(f.GetProperty("eval_input")), Ints(f.GetProperty("eval_input_shape"))));
            AssertNear(Values(f.GetProperty("eval_output")), y3, 1e-11, "evaluation output");
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
}
