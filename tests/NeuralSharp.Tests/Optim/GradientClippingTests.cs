using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Optim;

public sealed class GradientClippingTests
{
    private static Tensor WithGrad(double[] grad, DType dtype)
    {
        var p = Tensor.Zeros([grad.Length], dtype).RequireGrad();
        p.Grad = Tensor.FromArray(grad).To(dtype);
        return p;
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ClipGradNormScalesByTheGlobalNorm(DType dtype)
    {
        // Global norm of (3, 4) and (12) is 13; to 6.5 every element halves (up to PyTorch's 1e-6).
        var a = WithGrad([3, 4], dtype);
        var b = WithGrad([12], dtype);
        var none = Tensor.Zeros([2]).RequireGrad();

        var total = GradientClipping.ClipGradNorm([a, b, none], 6.5);

        Assert.Equal(13, total, 5);
        var f = 6.5 / (13 + 1e-6);
        TestData.AssertClose([3 * f, 4 * f], a.Grad!, 1e-6);
        TestData.AssertClose([12 * f], b.Grad!, 1e-6);
    }

    [Fact]
    public void ClipGradNormLeavesSmallGradientsAndSupportsOtherNorms()
    {
        var a = WithGrad([3, -4], DType.Float64);
        Assert.Equal(5, GradientClipping.ClipGradNorm([a], 10), 12);
        TestData.AssertClose([3, -4], a.Grad!, 0);

        Assert.Equal(4, GradientClipping.ClipGradNorm([a], 2, double.PositiveInfinity), 12);
        TestData.AssertClose([1.5, -2], a.Grad!, 1e-6);

        var b = WithGrad([1, -2], DType.Float64);
        Assert.Equal(3, GradientClipping.ClipGradNorm([b], 10, 1), 12);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void ClipGradValueClampsEachElement(DType dtype)
    {
        var a = WithGrad([-3, 0.5, 2, -0.25], dtype);
        GradientClipping.ClipGradValue([a], 1);
        TestData.AssertClose([-1, 0.5, 1, -0.25], a.Grad!, 0);
    }
}
