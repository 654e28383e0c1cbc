using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Autograd;

/// <summary>The fused cross-entropy from logits against its composition, log-softmax then NLL.</summary>
public class CrossEntropyOpTests
{
    public static TheoryData<DType, Reduction> Settings()
    {
        var data = new TheoryData<DType, Reduction>();
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            foreach (var r in Enum.GetValues<Reduction>())
            {
                data.Add(dtype, r);
            }
        }

        return data;
    }

    private static readonly int[] Labels = [3, 0, 4, 4, 1, 2];

    private static double Tolerance(DType dtype) => dtype == DType.Float32 ? 1e-6 : 1e-12;

    [Theory]
    [MemberData(nameof(Settings))]
    public void LabelsGiveTheValuesAndGradientsOfTheComposition(DType dtype, Reduction reduction)
    {
        var logits = (Randn(6, 5) * 3.0).To(dtype);
        var (z1, z2) = (logits.Clone().RequireGrad(), logits.Clone().RequireGrad());
        var fused = Loss.CrossEntropy(z1, Labels, reduction);
        var composed = Loss.NegativeLogLikelihood(Functional.LogSoftmax(z2, 1), Labels, reduction);
        Assert.Equal(composed.Shape, fused.Shape);
        Assert.Equal(dtype, fused.DType);
        AssertClose(composed.ToDoubleArray(), fused, Tolerance(dtype));

        var g = Seeded(8, fused.Shape.ToArray()).To(dtype);
        fused.Backward(g);
        composed.Backward(g);
        AssertClose(z2.Grad!.ToDoubleArray(), z1.Grad!, Tolerance(dtype));
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void SoftTargetsGiveTheValuesAndGradientsOfTheComposition(DType dtype, Reduction reduction)
    {
        var logits = (Randn(6, 5) * 3.0).To(dtype);
        var target = Functional.Softmax(Seeded(3, 6, 5), 1).To(dtype);
        var (z1, z2) = (logits.Clone().RequireGrad(), logits.Clone().RequireGrad());
        var (p1, p2) = (target.Clone().RequireGrad(), target.Clone().RequireGrad());
        var fused = Loss.CrossEntropy(z1, p1, reduction);
        var composed = Loss.Reduce(-(p2 * Functional.LogSoftmax(z2, 1)).Sum(1), reduction);
        AssertClose(composed.ToDoubleArray(), fused, Tolerance(dtype));

        var g = Seeded(8, fused.Shape.ToArray()).To(dtype);
        fused.Backward(g);
        composed.Backward(g);
        AssertClose(z2.Grad!.ToDoubleArray(), z1.Grad!, Tolerance(dtype));
        AssertClose(p2.Grad!.ToDoubleArray(), p1.Grad!, Tolerance(dtype) * 10);
    }

    [Fact]
    public void TheLossIsOneNodeOfTheGraph()
    {
        var z = Randn(4, 3).RequireGrad();
        var loss = Loss.CrossEntropy(z, [0, 1, 2, 0]);
        Assert.Equal("cross_entropy", loss.GradFunctionName);
        Assert.Single(OpCases.GraphOf(loss));
        Assert.Single(OpCases.GraphOf(new CrossEntropyLoss(Reduction.Sum).Compute(z, [0, 1, 2, 0])));
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        foreach (var r in Enum.GetValues<Reduction>())
        {
            AssertGradients(xs => Loss.CrossEntropy(xs[0], Labels, r), Randn(6, 5));
            AssertGradients(xs => Loss.CrossEntropy(xs[0], xs[1], r), Randn(6, 5), Positive(6, 5) / 5.0);
            AssertGradients(xs => Loss.CrossEntropy(xs[0], [2], r), Randn(4)); // one example as a vector
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void LogitsOfTenThousandStayExact(DType dtype)
    {
        var z = Tensor.FromArray([1e4, -1e4, 0, -1e4, 1e4, 1e4, 1e4, 1e4 - 1, -1e4], 3, 3).To(dtype).RequireGrad();
        var loss = Loss.CrossEntropy(z, [0, 0, 1], Reduction.None);
        // Row 0 puts all its mass on class 0; row 1 on classes 1 and 2, 2e4 above class 0; row 2 on
        // classes 0 and 1, one apart.
        var lse2 = 1e4 + Math.Log(1 + Math.Exp(-1));
        AssertClose([0, 2e4 + Math.Log(2), lse2 - (1e4 - 1)], loss, dtype == DType.Float32 ? 1e-3 : 1e-9);
        loss.Sum().Backward();
        var s = 1 / (1 + Math.Exp(-1));
        AssertClose([0, 0, 0, -1, 0.5, 0.5, s, 1 - s - 1, 0], z.Grad!, Tolerance(dtype));

        var soft = Loss.CrossEntropy(z.Detach(), Tensor.FromArray([0.5, 0.5, 0, 0, 0, 1, 1, 0, 0], 3, 3), Reduction.None);
        AssertClose([1e4, Math.Log(2), lse2 - 1e4], soft, dtype == DType.Float32 ? 1e-3 : 1e-9);
    }

    [Fact]
    public void TheSecondDerivativeIsTheSoftmaxJacobian()
    {
        // d^2 CE / dz^2 = diag(s) - s s^T for one row, whatever the label.
        var z = Tensor.FromArray([0.5, -1.0, 2.0]).RequireGrad();
        var v = Tensor.FromArray([1.0, 2.0, -1.0]);
        var g = Gradients.Of(Loss.CrossEntropy(z, [1]), z, createGraph: true);
        var hv = Gradients.Of((g * v).Sum(), z);
        var s = Functional.Softmax(z.Detach());
        var expected = (s * v) - (s * (s * v).Sum());
        AssertClose(expected.ToDoubleArray(), hv, 1e-12);
    }
}
