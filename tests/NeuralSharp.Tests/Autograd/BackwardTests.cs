using NeuralSharp.Autograd;

namespace NeuralSharp.Tests.Autograd;

public class BackwardTests
{
    [Fact]
    public void GradientsSumOverAllPaths()
    {
        // z = x*y + x: dz/dx = y + 1 (two paths), dz/dy = x.
        var x = Tensor.Scalar(3).RequireGrad();
        var y = Tensor.Scalar(4).RequireGrad();
        ((x * y) + x).Backward();
        Assert.Equal(5f, x.Grad!.Item());
        Assert.Equal(3f, y.Grad!.Item());
    }

    [Fact]
    public void LeafGradientsAccumulateUntilZeroed()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        (x * 3).Sum().Backward();
        var buffer = x.Grad;
        (x * 3).Sum().Backward();
        Assert.Equal(new float[] { 6, 6 }, x.Grad!.ToArray());
        Assert.Same(buffer, x.Grad);
        x.ZeroGrad();
        Assert.Equal(new float[] { 0, 0 }, x.Grad!.ToArray());
    }

    [Fact]
    public void ALongChainDoesNotOverflowTheStack()
    {
        var x = Tensor.Scalar(1.0, DType.Float64).RequireGrad();
        var y = x;
        for (var i = 0; i < 10_000; i++)
        {
            y = y * 1.0001;
        }

        y.Backward();
        Assert.Equal(Math.Pow(1.0001, 10_000), x.Grad!.ItemAsDouble(), 6);
    }

    [Fact]
    public void TheGraphIsFreedAfterBackwardUnlessRetained()
    {
        var x = Tensor.FromArray([2f]).RequireGrad();
        var y = (x * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        Assert.Equal(8f, x.Grad!.Item());
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("freed", e.Message);
    }

    [Fact]
    public void NoGradAndDetachBuildNoGraph()
    {
        var x = Tensor.FromArray([2f]).RequireGrad();
        using (GradMode.NoGrad())
        {
            Assert.False((x * 2).RequiresGrad);
        }

        Assert.True((x * 2).RequiresGrad);
        Assert.False(x.Detach().RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => (x.Detach() * 2).Sum().Backward());
    }

    [Fact]
    public void BackwardOnANonScalarNeedsAGradient()
    {
        var x = Tensor.FromArray([1f, 2f]).RequireGrad();
        var y = x * 2;
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        y.Backward(Tensor.FromArray([1f, 10f]));
        Assert.Equal(new float[] { 2, 20 }, x.Grad!.ToArray());
    }

    [Fact]
    public void InPlaceChangesToGraphTensorsAreRefused()
    {
        var x = Tensor.FromArray([1f]).RequireGrad();
        var y = x * 2;
        Assert.Throws<InvalidOperationException>(() => y.Fill(0));
        Assert.Throws<InvalidOperationException>(() => x.AddInPlace(y));
        using (GradMode.NoGrad())
        {
            x.AddInPlace(Tensor.FromArray([1f]), -0.5);
        }

        Assert.Equal(0.5f, x.Item());
    }

    [Fact]
    public void GradientsFlowThroughViewsOfTheSameTensor()
    {
        var x = Tensor.Arange(4, DType.Float64).Reshape(2, 2).RequireGrad();
        (x.T * x).Sum().Backward(); // d/dx sum(x^T (.) x) = 2 x^T
        Assert.Equal(new double[] { 0, 4, 2, 6 }, x.Grad!.ToDoubleArray());
    }
}
