using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Losses;

/// <summary>Every loss's reverse-mode gradient against finite differences, and forward mode against reverse mode.</summary>
public class LossGradientTests
{
    public static TheoryData<string, Reduction> Cases()
    {
        var data = new TheoryData<string, Reduction>();
        foreach (var name in LossCases.Names)
        {
            foreach (var r in new[] { Reduction.Mean, Reduction.Sum, Reduction.None })
            {
                data.Add(name, r);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferences(string name, Reduction reduction)
    {
        var (prediction, loss) = LossCases.Get(name, reduction);
        AssertGradients(xs => loss(xs[0]), prediction);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardModeAgreesWithReverseMode(string name, Reduction reduction)
    {
        var (x, loss) = LossCases.Get(name, reduction);
        var v = Seeded(21, x.Shape.ToArray());

        var (value, jv) = ForwardAD.Jvp(loss, x, v);
        var u = Seeded(22, value.Shape.ToArray());
        var forward = (u * jv).Sum().ItemAsDouble();

        var xr = x.Clone().RequireGrad();
        (loss(xr) * u).Sum().Backward();
        var reverse = (xr.Grad! * v).Sum().ItemAsDouble();

        Assert.Equal(reverse, forward, 9);
        Assert.Equal(loss(x).ToDoubleArray(), value.ToDoubleArray());
    }

    [Fact]
    public void CrossEntropyGradientIsSoftmaxMinusTarget()
    {
        var z = Randn(3, 4).RequireGrad();
        Loss.CrossEntropy(z, [2, 0, 3], Reduction.Sum).Backward();
        var softmax = (z.Detach() - z.Detach().LogSumExp(1, keepDim: true)).Exp();
        AssertClose((softmax - Tensor.OneHot([2, 0, 3], 4, DType.Float64)).ToDoubleArray(), z.Grad!, 1e-12);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsGradientIsSigmoidMinusTargetEvenAtZero()
    {
        var z = Tensor.FromArray([0.0, 0.0, 2.0, -3.0]).RequireGrad();
        var y = Tensor.FromArray([1.0, 0.0, 1.0, 0.0]);
        Loss.BinaryCrossEntropyWithLogits(z, y, Reduction.Sum).Backward();
        AssertClose((z.Detach().Sigmoid() - y).ToDoubleArray(), z.Grad!, 1e-12);
    }

    [Fact]
    public void QuadraticGradientIsOutputMinusTarget()
    {
        var a = Randn(2, 3).RequireGrad();
        var y = Seeded(3, 2, 3);
        Loss.Quadratic(a, y, Reduction.Sum).Backward();
        AssertClose((a.Detach() - y).ToDoubleArray(), a.Grad!, 1e-12);
    }

    [Fact]
    public void L2PenaltyGradientIsTwoLambdaW()
    {
        var w1 = Randn(2, 3).RequireGrad();
        var w2 = Randn(4).RequireGrad();
        Loss.L2Penalty([w1, w2], 0.1).Backward();
        AssertClose((0.2 * w1.Detach()).ToDoubleArray(), w1.Grad!, 1e-12);
        AssertClose((0.2 * w2.Detach()).ToDoubleArray(), w2.Grad!, 1e-12);
    }
}
