using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>Layers print as PyTorch prints them (the expected strings are PyTorch 2's <c>repr</c> of the same layers).</summary>
public class PrintingTests
{
    public static TheoryData<string, string> Layers => new()
    {
        { "Linear(in_features=784, out_features=10, bias=True)", new Linear(784, 10, generator: new Generator(0)).ToString() },
        { "Linear(in_features=3, out_features=2, bias=False)", new Linear(3, 2, bias: false, generator: new Generator(0)).ToString() },
        { "ReLU()", new ReLU().ToString() },
        { "Dropout(p=0.5, inplace=False)", new Dropout().ToString() },
        { "Dropout(p=0.25, inplace=False)", new Dropout(0.25).ToString() },
        { "BatchNorm1d(256, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm1d(256).ToString() },
        { "BatchNorm1d(8, eps=0.001, momentum=0.01, affine=False, track_running_stats=False)", new BatchNorm1d(8, 1e-3, 0.01, affine: false, trackRunningStats: false).ToString() },
        { "LayerNorm((256,), eps=1e-05, elementwise_affine=True)", new LayerNorm(256).ToString() },
        { "LayerNorm((2, 3), eps=1e-05, elementwise_affine=False)", new LayerNorm([2, 3], elementwiseAffine: false).ToString() },
        { "Flatten(start_dim=1, end_dim=-1)", new Flatten().ToString() },
        { "Unflatten(dim=1, unflattened_size=(1, 28, 28))", new Unflatten(1, [1, 28, 28]).ToString() },
        { "LeakyReLU(negative_slope=0.01)", new LeakyReLU().ToString() },
        { "ELU(alpha=1.0)", new ELU().ToString() },
        { "Softmax(dim=1)", new Softmax(1).ToString() },
        { "LogSoftmax(dim=-1)", new LogSoftmax().ToString() },
        { "PReLU(num_parameters=1)", new PReLU().ToString() },
        { "RNNCell(10, 20)", new RNNCell(10, 20, generator: new Generator(0)).ToString() },
        { "RNNCell(10, 20, bias=False, nonlinearity=relu)", new RNNCell(10, 20, bias: false, nonlinearity: "relu", generator: new Generator(0)).ToString() },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void PrintsWithPyTorchsKeys(string expected, string actual) => Assert.Equal(expected, actual);

    [Theory]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1.0")]
    [InlineData(-3.0, "-3.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(2.5e-10, "2.5e-10")]
    public void RealsAreWrittenAsPythonWritesThem(double value, string expected) => Assert.Equal(expected, LayerConfig.PythonRepr(value));

    [Fact]
    public void ContainersPrintTheirChildrenIndented() =>
        Assert.Equal(
            "Residual(\n  (body): Sequential(\n    (0): Linear(in_features=2, out_features=2, bias=True)\n    (1): ReLU()\n  )\n)",
            new Residual(new Sequential(new Linear(2, 2, generator: new Generator(0)), new ReLU())).ToString());
}
