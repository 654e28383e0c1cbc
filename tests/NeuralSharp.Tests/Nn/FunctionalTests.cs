using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class FunctionalTests
{
    public static TheoryData<string> Names => new() { "sigmoid", "tanh", "relu", "leaky_relu", "elu", "softplus", "identity", "prelu", "maxout", "softmax", "log_softmax", "softmax0" };

    private static Func<Tensor, Tensor> Function(string name) => name switch
    {
        "sigmoid" => Functional.Sigmoid,
        "tanh" => Functional.Tanh,
        "relu" => Functional.Relu,
        "leaky_relu" => x => Functional.LeakyRelu(x, 0.1),
        "elu" => x => Functional.Elu(x, 1.5),
        "softplus" => Functional.SoftPlus,
        "identity" => Functional.Identity,
        "prelu" => x => Functional.Prelu(x, Tensor.FromArray([0.2, -0.3, 0.5, 0.25])),
        "maxout" => x => Functional.Maxout(x, 2),
        "softmax" => x => Functional.Softmax(x),
        "log_softmax" => x => Functional.LogSoftmax(x),
        "softmax0" => x => Functional.Softmax(x, 0),
        "step" => Functional.Step,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void GradientsMatchFiniteDifferences(string name)
    {
        // Values kept away from the kinks at 0 of the piecewise functions.
        var x = TestData.Randn(3, 4) + (TestData.Seeded(5, 3, 4).Sign() * 0.1);
        TestData.AssertGradients(xs => Function(name)(xs[0]), x);
    }

    [Fact]
    public void ValuesMatchTheirDefinitions()
    {
        var x = Tensor.FromArray([-2.0, -0.5, 0.0, 0.5, 2.0]);
        TestData.AssertClose([-0.02, -0.005, 0, 0.5, 2], Functional.LeakyRelu(x, 0.01), 1e-15);
        TestData.AssertClose([Math.Exp(-2) - 1, Math.Exp(-0.5) - 1, 0, 0.5, 2], Functional.Elu(x), 1e-15);
        TestData.AssertClose([0, 0, 1, 1, 1], Functional.Step(x), 0);
        TestData.AssertClose([-1, -1, 0, 1, 1], Functional.Sign(x), 0);
        TestData.AssertClose([Math.Log(1 + Math.Exp(-2)), Math.Log(1 + Math.Exp(-0.5)), Math.Log(2), Math.Log(1 + Math.Exp(0.5)), Math.Log(1 + Math.Exp(2))], Functional.SoftPlus(x), 1e-15);
        TestData.AssertClose([(2 * (1 / (1 + Math.Exp(-4)))) - 1], Functional.Tanh(Tensor.FromArray([2.0])), 1e-15);
        // sigma'(1) = sigma(1)(1 - sigma(1)) = 0.73 x 0.27 = 0.20
        var one = Tensor.FromArray([1.0]).RequireGrad();
        Functional.Sigmoid(one).Sum().Backward();
        Assert.Equal(0.20, one.Grad!.ItemAsDouble(), 0.01);
    }

    [Fact]
    public void ReluDerivativeAtZeroIsZero()
    {
        var x = Tensor.FromArray([-1.0, 0.0, 1.0]).RequireGrad();
        Functional.Relu(x).Sum().Backward();
        Assert.Equal([0.0, 0.0, 1.0], x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void EluDerivativeAtZeroIsAlphaAsInPyTorch()
    {
        // PyTorch's ELU backward takes the exponential branch for x <= 0: alpha e^0 = alpha at zero.
        var x = Tensor.FromArray([-1.0, 0.0, 1.0]).RequireGrad();
        Functional.Elu(x, 1.5).Sum().Backward();
        Assert.Equal([1.5 * Math.Exp(-1), 1.5, 1.0], x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void StepHasNoGradient()
    {
        var x = Tensor.FromArray([-1.0, 2.0]).RequireGrad();
        (Functional.Step(x) + x).Sum().Backward();
        Assert.Equal([1.0, 1.0], x.Grad!.ToDoubleArray());
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void StableForHugeInputs(DType dtype)
    {
        var x = Tensor.FromArray([-1e4, 0.0, 1e4, 1e4 - 1]).To(dtype).RequireGrad();
        foreach (var f in new Func<Tensor, Tensor>[] { Functional.Sigmoid, Functional.SoftPlus, t => Functional.Softmax(t), t => Functional.LogSoftmax(t), t => Functional.Elu(t), Functional.Tanh })
        {
            var y = f(x);
            Assert.All(y.ToDoubleArray(), v => Assert.True(double.IsFinite(v), $"{v}"));
            x.Grad = null;
            (y * Tensor.FromArray([1.0, 2.0, 3.0, 4.0]).To(dtype)).Sum().Backward();
            Assert.All(x.Grad!.ToDoubleArray(), v => Assert.True(double.IsFinite(v), $"gradient {v}"));
        }

        TestData.AssertClose([0, 0, 1 / (1 + Math.Exp(-1)), 1 / (1 + Math.Exp(1))], Functional.Softmax(x), 1e-6);
        TestData.AssertClose([1e4, 1e4 - 1], Functional.SoftPlus(x).Narrow(0, 2, 2), 1e-3);
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndLogSoftmaxIsItsLog()
    {
        var x = TestData.Randn(3, 5) * 10;
        TestData.AssertClose([1, 1, 1], Functional.Softmax(x).Sum(1), 1e-12);
        TestData.AssertClose(Functional.Softmax(x).Log().ToDoubleArray(), Functional.LogSoftmax(x), 1e-12);
    }

    [Fact]
    public void PreluIsPerLayerOrPerChannel()
    {
        var x = Tensor.FromArray(new double[,] { { -1, -2 }, { 3, -4 } });
        TestData.AssertClose([-0.25, -0.5, 3, -1], Functional.Prelu(x, Tensor.FromArray([0.25])), 1e-15);
        TestData.AssertClose([-0.1, -1, 3, -2], Functional.Prelu(x, Tensor.FromArray([0.1, 0.5])), 1e-15);
        Assert.Throws<ArgumentException>(() => Functional.Prelu(x, Tensor.FromArray([0.1, 0.5, 0.2])));
    }

    [Fact]
    public void MaxoutKeepsTheLargestOfEachGroup()
    {
        var x = Tensor.FromArray(new double[,] { { 1, 5, -2, -3, 0, 4 } });
        TestData.AssertClose([5, -2, 4], Functional.Maxout(x, 2), 0);
        TestData.AssertClose([5, 4], Functional.Maxout(x, 3), 0);
        Assert.Throws<ArgumentException>(() => Functional.Maxout(x, 4));
    }

    [Fact]
    public void ForwardModeAgreesWithReverseModeForLogSoftmax()
    {
        var x = TestData.Randn(2, 3);
        var v = TestData.Seeded(3, 2, 3);
        var w = TestData.Seeded(4, 2, 3);
        var (_, jvp) = ForwardAD.Jvp(t => Functional.LogSoftmax(t), x, v);
        var xr = x.Clone().RequireGrad();
        (Functional.LogSoftmax(xr) * w).Sum().Backward();
        // w . (J v) = (J^T w) . v
        Assert.Equal((jvp * w).Sum().ItemAsDouble(), (xr.Grad! * v).Sum().ItemAsDouble(), 1e-12);
    }
}
