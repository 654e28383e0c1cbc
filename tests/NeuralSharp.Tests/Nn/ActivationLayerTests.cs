using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class ActivationLayerTests
{
    public static TheoryData<string> Layers => new() { "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "ELU", "SoftPlus", "Identity", "Softmax", "LogSoftmax", "PReLU" };

    private static Module Create(string name) => name switch
    {
        "Sigmoid" => new Sigmoid(),
        "Tanh" => new Tanh(),
        "ReLU" => new ReLU(),
        "LeakyReLU" => new LeakyReLU(0.1),
        "ELU" => new ELU(0.5),
        "SoftPlus" => new SoftPlus(),
        "Identity" => new Identity(),
        "Softmax" => new Softmax(1),
        "LogSoftmax" => new LogSoftmax(1),
        "PReLU" => new PReLU(4),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void LayerGradientsMatchFiniteDifferences(string name)
    {
        var x = TestData.Randn(3, 4) + (TestData.Seeded(5, 3, 4).Sign() * 0.1);
        NnTestHelpers.AssertModuleGradients(Create(name), x);
    }

    [Fact]
    public void StepLayerIsTheThreshold() =>
        TestData.AssertClose([0, 1, 1], new Step().Forward(Tensor.FromArray([-0.5, 0.0, 0.5])), 0);

    [Fact]
    public void PReLUStartsAtAQuarterAndLearnsItsSlope()
    {
        var prelu = new PReLU();
        Assert.Equal(0.25f, prelu.Weight[0]);
        Assert.Equal(1, prelu.ParameterCount);
        prelu.Forward(Tensor.FromArray([-2f, 3f])).Sum().Backward();
        Assert.Equal(-2f, prelu.Weight.Grad![0]); // d/da of a min(0, x) summed: -2
    }

    [Fact]
    public void PReLUPerChannelOnThreeDimensionalInput()
    {
        var prelu = new PReLU(3).Double();
        NnTestHelpers.AssertModuleGradients(prelu, TestData.Randn(2, 3, 4) + 0.05);
    }

    [Fact]
    public void MaxoutHasKTimesTheParametersOfLinearAndItsGradientsCheck()
    {
        var maxout = new Maxout(5, 3, 4, new Generator(1));
        Assert.Equal(4 * new Linear(5, 3).ParameterCount, maxout.ParameterCount);
        Assert.Equal([2, 3], maxout.Forward(Tensor.Ones([2, 5])).Shape.ToArray());
        NnTestHelpers.AssertModuleGradients(maxout, TestData.Randn(3, 5));
    }

    [Fact]
    public void MaxoutWithAZeroPieceIsRelu()
    {
        var maxout = new Maxout(2, 2, 2, new Generator(1));
        using (GradMode.NoGrad())
        {
            maxout.Weight.CopyFrom(Tensor.FromArray(new float[,] { { 1, 0 }, { 0, 0 }, { 0, 1 }, { 0, 0 } }));
            maxout.Bias.Zero();
        }

        var x = Tensor.FromArray(new float[,] { { -1, 2 }, { 3, -4 } });
        Assert.Equal(x.Relu().ToArray(), maxout.Forward(x).ToArray());
    }
}
