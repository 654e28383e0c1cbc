using NeuralSharp.Demos;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Training;

/// <summary>Issue 12, <c>demo residual</c>: 30 plain tanh layers stall, the same layers in residual blocks learn.</summary>
public class ResidualDemoTests
{
    private static readonly ResidualResult Result = ResidualDemo.Run(seed: 1, steps: 200);

    [Fact]
    public void BothNetworksHaveThirtyLinearLayersAndTheSameParameters()
    {
        var plain = ResidualDemo.Network("plain", 30, 32, new Generator(3));
        var residual = ResidualDemo.Network("residual", 30, 32, new Generator(3));
        Assert.Equal(30, ResidualDemo.Linears(plain).Length);
        Assert.Equal(30, ResidualDemo.Linears(residual).Length);
        Assert.Equal(14, residual.OfType<Residual>().Count());
        Assert.Equal(plain.ParameterCount, residual.ParameterCount);

        // Drawn from the same generator in the same order, so the two differ only in the shortcuts.
        Assert.Equal(ResidualDemo.Linears(plain)[7].Weight.ToDoubleArray(), ResidualDemo.Linears(residual)[7].Weight.ToDoubleArray());
        Assert.All(Result.Curves, c => Assert.Equal(30, c.GradientNorms.Length));
    }

    [Fact]
    public void ThePlainNetworksGradientVanishesTowardsTheInputAndTheResidualOnesDoesNot()
    {
        var (plain, residual) = (Result.Curves[0].GradientNorms, Result.Curves[1].GradientNorms);
        Assert.True(plain[0] < 1e-4 * plain[^1], $"plain: input layer {plain[0]}, output layer {plain[^1]}");

        // Falls layer after layer: every fifth layer down has less than a third of the gradient.
        for (var l = 5; l < 30; l += 5)
        {
            Assert.True(plain[l - 5] < plain[l] / 3, $"plain layer {l - 4}: {plain[l - 5]}, layer {l + 1}: {plain[l]}");
        }

        // Every hidden layer of the residual network gets a gradient within a factor 4 of the median.
        var median = residual.Order().ElementAt(15);
        Assert.All(residual.Skip(1).SkipLast(1), n => Assert.InRange(n, median / 4, median * 4));
        Assert.True(residual[0] > 1000 * plain[0], $"input layer: residual {residual[0]}, plain {plain[0]}");
    }

    [Fact]
    public void ThePlainNetworkStaysAtTheMeansErrorWhileTheResidualOneLearns()
    {
        var (plain, residual) = (Result.Curves[0], Result.Curves[1]);
        Assert.True(plain.TrainLoss[^1] > 0.8 * plain.TrainLoss[0], $"plain: {plain.TrainLoss[0]} -> {plain.TrainLoss[^1]}");
        Assert.True(plain.TestMse > 0.8 * Result.BaselineMse, $"plain test {plain.TestMse}, mean's {Result.BaselineMse}");
        Assert.True(residual.TrainLoss[^1] < 0.05 * residual.TrainLoss[0], $"residual: {residual.TrainLoss[0]} -> {residual.TrainLoss[^1]}");
        Assert.True(residual.TestMse < 0.3 * Result.BaselineMse, $"residual test {residual.TestMse}, mean's {Result.BaselineMse}");
        Assert.Equal(200 / Result.LogEvery + 1, residual.TrainLoss.Length);
    }
}
