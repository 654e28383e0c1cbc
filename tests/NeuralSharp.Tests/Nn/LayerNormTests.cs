using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class LayerNormTests
{
    [Fact]
    public void NormalisesEachExampleOverItsLastDimension()
    {
        var ln = new LayerNorm(4).Double();
        var y = ln.Forward(Tensor.FromArray(new double[,] { { 1, 2, 3, 4 }, { -2, 0, 0, 2 } }));
        // Row 0: mean 2.5, biased var 1.25; row 1: mean 0, var 2.
        double s0 = Math.Sqrt(1.25 + 1e-5), s1 = Math.Sqrt(2 + 1e-5);
        TestData.AssertClose([-1.5 / s0, -0.5 / s0, 0.5 / s0, 1.5 / s0, -2 / s1, 0, 0, 2 / s1], y, 1e-12);
    }

    [Fact]
    public void SameInTrainingAndEvaluation()
    {
        var ln = new LayerNorm([2, 3]).Double();
        var x = TestData.Randn(4, 2, 3);
        var train = ln.Forward(x).ToDoubleArray();
        ln.Eval();
        Assert.Equal(train, ln.Forward(x).ToDoubleArray());
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var ln = new LayerNorm([2, 3]);
        NnTestHelpers.AssertModuleGradients(ln, TestData.Randn(3, 2, 3));
    }
}
