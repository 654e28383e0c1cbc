using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Training;

/// <summary><c>demo gan</c>'s computation (issue 14) on the 100 fixture images at a tiny width: one picture per epoch, the same for a seed.</summary>
[Collection(NeuralSharp.Tests.Training.ThreadCountCollection.Name)]
public class GanDemoTests
{
    private static GanResult Run(int seed, List<int>? seen = null) => GanDemo.Run(AutoencoderDemoTests.Fixture(), trainExamples: 100, epochs: 3, width: 4, batchSize: 20, samples: 8, seed: seed, onEpoch: e => seen?.Add(e.Epoch));

    [Fact]
    public void EachEpochSamplesTheFixedNoiseAndTheSameSeedGivesTheSameImages()
    {
        var seen = new List<int>();
        var first = Run(1, seen);
        Assert.Equal([1, 2, 3], seen);
        Assert.Equal(15, first.Steps);
        Assert.Equal(15, first.StepLosses.Count);
        Assert.All(first.Epochs, e => Assert.Equal(8, e.Samples.Count));
        Assert.All(first.Epochs.SelectMany(e => e.Samples), s => Assert.Equal(784, s.Length));
        Assert.NotEqual(first.Epochs[0].Samples[0], first.Epochs[2].Samples[0]);
        var again = Run(1);
        Assert.Equal(first.StepLosses, again.StepLosses);
        Assert.Equal(first.Epochs[^1].Samples[3], again.Epochs[^1].Samples[3]);
        Assert.NotEqual(first.StepLosses, Run(2).StepLosses);
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheResult()
    {
        var threads = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var one = Run(4);
            Parallelism.ThreadCount = 3;
            var three = Run(4);
            Assert.Equal(one.StepLosses, three.StepLosses);
            Assert.Equal(one.Epochs[^1].Samples[5], three.Epochs[^1].Samples[5]);
        }
        finally
        {
            Parallelism.ThreadCount = threads;
        }
    }

    [Fact]
    public void DiscriminatorLearnsToTellTheFirstFakesApart()
    {
        var r = Run(1);
        Assert.True(r.Epochs[0].Means.DiscriminatorAccuracy > 0.6, $"first epoch's discriminator accuracy {r.Epochs[0].Means.DiscriminatorAccuracy}");
        Assert.All(r.StepLosses, s => Assert.True(double.IsFinite(s.DiscriminatorLoss) && double.IsFinite(s.GeneratorLoss)));
    }
}
