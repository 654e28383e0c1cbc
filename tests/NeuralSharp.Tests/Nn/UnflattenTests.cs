using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class UnflattenTests
{
    [Fact]
    public void SplitsOneDimensionAndFlattenUndoesIt()
    {
        var x = TestData.Randn(2, 784);
        var y = new Unflatten(1, [1, 28, 28]).Forward(x);
        Assert.Equal(new Shape(2, 1, 28, 28), y.Shape);
        Assert.Equal(x.ToDoubleArray(), new Flatten().Forward(y).ToDoubleArray());
        Assert.Equal(new Shape(2, 3, 4, 5), new Unflatten(-1, [4, 5]).Forward(TestData.Randn(2, 3, 20)).Shape);
        Assert.Equal(new Shape(6, 2, 5), new Unflatten(0, [6]).Forward(TestData.Randn(6, 2, 5)).Shape);
    }

    [Fact]
    public void GradientIsTheReshapedUpstreamGradient()
    {
        var layer = new Unflatten(1, [2, 3]);
        NnTestHelpers.AssertModuleGradients(layer, TestData.Randn(4, 6));
        TestData.AssertGradients(xs => (new Unflatten(1, [2, 3]).Forward(xs[0]) * TestData.Randn(4, 2, 3)).Sum(), TestData.Randn(4, 6));
    }

    [Fact]
    public void ShapeErrorsNameTheOperationAndBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => new Unflatten(1, [2, 3]).Forward(Tensor.Zeros([4, 7])));
        Assert.Contains("unflatten", e.Message);
        Assert.Contains("[4, 7]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("out of range", Assert.Throws<ArgumentException>(() => new Unflatten(3, [1]).Forward(Tensor.Zeros([4, 7]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Unflatten(1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Unflatten(1, [2, 0]));
    }
}
