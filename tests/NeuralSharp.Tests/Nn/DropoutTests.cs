using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class DropoutTests
{
    [Fact]
    public void TrainingDropsAboutPAndScalesSurvivorsByOneOverOneMinusP()
    {
        var dropout = new Dropout(0.3, new Generator(1));
        var y = dropout.Forward(Tensor.Ones([100, 100])).ToDoubleArray();
        var dropped = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(dropped, 0.28, 0.32);
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.7, v, 1e-6));
        Assert.InRange(y.Average(), 0.97, 1.03);
    }

    [Fact]
    public void EvaluationIsTheIdentity()
    {
        var dropout = new Dropout(0.5, new Generator(1));
        dropout.Eval();
        var x = TestData.Randn(4, 5);
        Assert.Same(x, dropout.Forward(x));
    }

    [Fact]
    public void SameSeedSameMaskAndGradientFollowsTheMask()
    {
        var a = new Dropout(0.5, new Generator(9)).Forward(Tensor.Ones([50]));
        var x = Tensor.Ones([50]).RequireGrad();
        new Dropout(0.5, new Generator(9)).Forward(x).Sum().Backward();
        Assert.Equal(a.ToArray(), x.Grad!.ToArray());
    }

    [Fact]
    public void ProbabilityMustBeInUnitInterval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
        Assert.All(new Dropout(1).Forward(Tensor.Ones([10])).ToArray(), v => Assert.Equal(0f, v));
    }
}
