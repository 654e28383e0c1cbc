using NeuralSharp.Optim;
using NeuralSharp.Optim.Schedulers;

namespace NeuralSharp.Tests.Optim;

public sealed class SchedulerTests
{
    private static SGD Optimizer(double lr = 1.0) => new([Tensor.Zeros([1]).RequireGrad()], learningRate: lr);

    private static double[] Rates(Optimizer optimizer, Action step, int epochs)
    {
        var rates = new double[epochs];
        for (var e = 0; e < epochs; e++)
        {
            step();
            rates[e] = optimizer.LearningRate;
        }

        return rates;
    }

    private static void AssertRates(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-12, $"epoch {i + 1}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void StepLRDecaysEveryStepSizeEpochs()
    {
        var optimizer = Optimizer(0.5);
        var scheduler = new StepLR(optimizer, stepSize: 2, gamma: 0.1);
        AssertRates([0.5, 0.05, 0.05, 0.005, 0.005], Rates(optimizer, scheduler.Step, 5));
        Assert.Equal(5, scheduler.LastEpoch);
    }

    [Fact]
    public void ExponentialLRDecaysEveryEpoch()
    {
        var optimizer = Optimizer(2);
        var scheduler = new ExponentialLR(optimizer, gamma: 0.5);
        AssertRates([1, 0.5, 0.25], Rates(optimizer, scheduler.Step, 3));
    }

    [Fact]
    public void CosineAnnealingFollowsHalfACosine()
    {
        // T = 4 from 1 to 0.2: cos(π/4) = √2/2, cos(π/2) = 0, cos(π) = -1, then rising again.
        var optimizer = Optimizer(1);
        var scheduler = new CosineAnnealingLR(optimizer, maxEpochs: 4, minLearningRate: 0.2);
        var h = Math.Sqrt(2) / 2;
        AssertRates([0.2 + (0.8 * (1 + h) / 2), 0.6, 0.2 + (0.8 * (1 - h) / 2), 0.2, 0.2 + (0.8 * (1 - h) / 2)], Rates(optimizer, scheduler.Step, 5));
    }

    [Fact]
    public void SchedulesEachGroupFromItsOwnBaseRate()
    {
        var optimizer = new SGD([new ParameterGroup([Tensor.Zeros([1]).RequireGrad()], learningRate: 1), new ParameterGroup([Tensor.Zeros([1]).RequireGrad()])], learningRate: 0.1);
        var scheduler = new ExponentialLR(optimizer, 0.5);
        scheduler.Step();
        Assert.Equal(0.5, optimizer.ParameterGroups[0].LearningRate, 12);
        Assert.Equal(0.05, optimizer.ParameterGroups[1].LearningRate, 12);
    }

    [Fact]
    public void ReduceLROnPlateauWaitsForPatienceThenCools()
    {
        var optimizer = Optimizer(1);
        var scheduler = new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 1, cooldown: 1, minLearningRate: 0.2);
        double[] losses = [1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];

        // Epochs 3-4 are bad (the second exceeds patience 1: cut to 0.5); 5 is cooldown; 6 bad, 7 cut
        // to 0.25; 8 cooldown; 9 bad, 10 would cut to 0.125 but the floor holds it at 0.2.
        var rates = Rates(optimizer, () => scheduler.Step(losses[scheduler.LastEpoch]), losses.Length);

        AssertRates([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.2], rates);
    }

    [Fact]
    public void ReduceLROnPlateauThresholdIgnoresTinyGains()
    {
        var optimizer = Optimizer(1);
        var scheduler = new ReduceLROnPlateau(optimizer, patience: 0, threshold: 0.1);

        scheduler.Step(1.0);
        scheduler.Step(0.95); // not below 1.0 · (1 - 0.1): a bad epoch, beyond patience 0
        Assert.Equal(0.1, optimizer.LearningRate, 12);
        scheduler.Step(0.85); // below 0.9: an improvement
        Assert.Equal(0.1, optimizer.LearningRate, 12);
        Assert.Equal(0.85, scheduler.Best);

        var max = new ReduceLROnPlateau(Optimizer(1), mode: PlateauMode.Max, patience: 0, threshold: 0.5, thresholdMode: ThresholdMode.Absolute);
        max.Step(1);
        max.Step(1.4);
        Assert.Equal(1, max.Best);
        Assert.Equal(0.1, max.Optimizer.LearningRate, 12);
    }
}
