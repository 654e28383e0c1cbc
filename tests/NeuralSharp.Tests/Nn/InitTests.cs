using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class InitTests
{
    // Weight [out = 200, in = 500]: large enough that the empirical std is within 1% of the formula.
    private const int FanOut = 200;
    private const int FanIn = 500;

    private static Tensor Weight() => Tensor.Zeros([FanOut, FanIn]).RequireGrad();

    private static (double Mean, double Std) Moments(Tensor t)
    {
        var v = t.ToDoubleArray();
        var mean = v.Average();
        return (mean, Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average()));
    }

    public static TheoryData<string, double> Schemes => new()
    {
        { "normal", 0.01 },
        { "uniform", 2 / Math.Sqrt(12) },
        { "scaled_normal", 1 / Math.Sqrt(FanIn) },
        { "xavier_normal", 2 * Math.Sqrt(2.0 / (FanIn + FanOut)) },
        { "xavier_uniform", Math.Sqrt(2.0 / (FanIn + FanOut)) },
        { "kaiming_normal", Math.Sqrt(2.0 / FanIn) },
        { "kaiming_uniform", Math.Sqrt(2.0 / FanIn) },
        { "kaiming_normal_fan_out", Math.Sqrt(2.0 / FanOut) },
        { "kaiming_uniform_a_sqrt5", 1 / Math.Sqrt(3 * FanIn) },
        { "lecun_normal", Math.Sqrt(1.0 / FanIn) },
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void EmpiricalStdMatchesTheFormula(string scheme, double expectedStd)
    {
        var g = new Generator(11);
        var w = Weight();
        _ = scheme switch
        {
            "normal" => Init.Normal(w, g, std: 0.01),
            "uniform" => Init.Uniform(w, g, -1, 1),
            "scaled_normal" => Init.ScaledNormal(w, g),
            "xavier_normal" => Init.XavierNormal(w, g, gain: 2),
            "xavier_uniform" => Init.XavierUniform(w, g),
            "kaiming_normal" => Init.KaimingNormal(w, g, nonlinearity: Nonlinearity.Relu),
            "kaiming_uniform" => Init.KaimingUniform(w, g, nonlinearity: Nonlinearity.Relu),
            "kaiming_normal_fan_out" => Init.KaimingNormal(w, g, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu),
            "kaiming_uniform_a_sqrt5" => Init.KaimingUniform(w, g, a: Math.Sqrt(5)),
            "lecun_normal" => Init.LeCunNormal(w, g),
            _ => throw new ArgumentException(scheme),
        };
        var (mean, std) = Moments(w);
        Assert.InRange(std, 0.99 * expectedStd, 1.01 * expectedStd);
        Assert.InRange(Math.Abs(mean), 0, 0.02 * expectedStd);
        Assert.True(w.RequiresGrad);
    }

    [Fact]
    public void LeCunNormalIsTruncatedAtTwoStandardDeviations()
    {
        var w = Init.LeCunNormal(Weight(), new Generator(1));
        var bound = 2 * Math.Sqrt(1.0 / FanIn) / 0.87962566103423978;
        Assert.All(w.ToDoubleArray(), v => Assert.InRange(Math.Abs(v), 0, bound));
    }

    [Fact]
    public void ConstantsAndGains()
    {
        Assert.All(Init.Constant(Weight(), 0.5).ToArray(), v => Assert.Equal(0.5f, v));
        Assert.All(Init.Zeros(Tensor.Ones([3])).ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(Math.Sqrt(2), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(5.0 / 3, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2 / 1.01), Init.CalculateGain(Nonlinearity.LeakyRelu, 0.1), 1e-15);
        Assert.Equal((30, 60), Init.CalculateFans([20, 10, 3]));
        Assert.Throws<ArgumentException>(() => Init.CalculateFans([5]));
    }

    [Fact]
    public void SameSeedSameValues() =>
        Assert.Equal(Init.XavierUniform(Weight(), new Generator(3)).ToArray(), Init.XavierUniform(Weight(), new Generator(3)).ToArray());
}
