using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Demos;

public class StepTimingTests
{
    [Fact]
    public void EveryTimedStepIsMeasuredAndTheMedianIsTheMiddle()
    {
        var times = StepTiming.Run(warmup: 1, steps: 3);
        Assert.Equal(3, times.Length);
        Assert.All(times, t => Assert.True(t > 0));
        Assert.Equal(2, StepTiming.Median([3, 1, 2]));
        Assert.Equal(2.5, StepTiming.Median([4, 1, 2, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => StepTiming.Run(steps: 0));
    }
}
