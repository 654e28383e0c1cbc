using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class LinearTests
{
    [Fact]
    public void ComputesXWTransposePlusB()
    {
        var layer = new Linear(2, 2).Double();
        var linear = (Linear)layer;
        using (NeuralSharp.Autograd.GradMode.NoGrad())
        {
            linear.Weight.CopyFrom(Tensor.FromArray(new double[,] { { 1, -2 }, { -1, 1 } }));
            linear.Bias!.CopyFrom(Tensor.FromArray([1.0, 0.0]));
        }

        // sigma([[1, -2], [-1, 1]] [1, -1] + [1, 0]) = sigma([4, -2]) = [0.98, 0.12]
        var y = Functional.Sigmoid(layer.Forward(Tensor.FromArray([1.0, -1.0], 1, 2)));
        TestData.AssertClose([0.98, 0.12], y, 0.005);
    }

    [Fact]
    public void DefaultInitIsUniformWithinOneOverSqrtFanIn()
    {
        var layer = new Linear(400, 300, generator: new Generator(1));
        var bound = 1 / Math.Sqrt(400);
        var w = layer.Weight.ToDoubleArray();
        Assert.Equal([300, 400], layer.Weight.Shape.ToArray());
        Assert.All(w, v => Assert.InRange(Math.Abs(v), 0, bound));
        Assert.All(layer.Bias!.ToDoubleArray(), v => Assert.InRange(Math.Abs(v), 0, bound));
        // U(-b, b) has std b / sqrt 3.
        var std = Math.Sqrt(w.Select(v => v * v).Average());
        Assert.InRange(std, 0.98 * bound / Math.Sqrt(3), 1.02 * bound / Math.Sqrt(3));
    }

    [Fact]
    public void WithoutBiasHasOnlyAWeight()
    {
        var layer = new Linear(3, 2, bias: false);
        Assert.Null(layer.Bias);
        Assert.Equal(6, layer.ParameterCount);
        Assert.Equal("Linear(in_features=3, out_features=2, bias=False)", layer.ToString());
    }

    [Fact]
    public void GradientsMatchFiniteDifferences() =>
        NnTestHelpers.AssertModuleGradients(new Linear(4, 3, generator: new Generator(2)), TestData.Randn(5, 4));

    /// <summary>A widening layer's weight gradient (narrow input, large enough for the blocked GEMM) is computed as (Xᵀ dY)ᵀ: bit for bit dYᵀ X.</summary>
    [Fact]
    public void AWideningLayersWeightGradientIsExactlyTheProductOfTheOutputGradientAndTheInput()
    {
        var g = new Generator(5);
        var layer = new Linear(28, 512, generator: g);
        var x = Tensor.Randn([300, 28], generator: g);
        var dy = Tensor.Randn([300, 512], generator: g);
        (layer.Forward(x) * dy).Sum().Backward();
        Assert.Equal(dy.T.MatMul(x).ToArray(), layer.Weight.Grad!.ToArray());
    }
}
