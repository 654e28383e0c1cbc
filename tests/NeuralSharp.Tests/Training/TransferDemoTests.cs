using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Training;

/// <summary>The transfer demo's claim (issue 14) on synthetic images: with few examples, the reused network wins.</summary>
public class TransferDemoTests
{
    [Fact]
    public void AReusedBodyBeatsTrainingFromScratchOnFewExamples()
    {
        // Two latent dimensions, which the five source classes span, seen through strong pixel noise: the body
        // trained on the source classes has learnt the projection that 25 noisy examples cannot teach from scratch.
        var (train, test) = SyntheticDigits.Create(trainCount: 6000, testCount: 1000, pixelNoise: 3, latent: 2);
        var result = TransferDemo.Run(train, test, examplesPerClass: [5], hidden: [32], sourceExamples: 3000, sourceEpochs: 10, targetSteps: 200, seed: 2);

        Assert.Equal("64-32-5", result.Architecture);
        Assert.Equal(3000, result.SourceExamples);
        Assert.True(result.SourceAccuracy > 0.5, $"source accuracy {result.SourceAccuracy} (chance: 0.2)");

        // The frozen body trains only the head: 32 x 5 weights and 5 biases.
        var frozen = result.Rows.Single(r => r.Method == TransferDemo.Frozen);
        Assert.Equal((32 * 5) + 5, frozen.TrainedParameters);
        Assert.Equal((64 * 32) + 32 + (32 * 5) + 5, result.Rows.Single(r => r.Method == TransferDemo.Scratch).TrainedParameters);

        var scratch = result.Accuracy(TransferDemo.Scratch, 5);
        Assert.True(frozen.TestAccuracy > scratch + 0.03, $"frozen {frozen.TestAccuracy}, scratch {scratch}");
        Assert.True(result.Accuracy(TransferDemo.FineTuned, 5) > scratch + 0.03, $"fine-tuned {result.Accuracy(TransferDemo.FineTuned, 5)}, scratch {scratch}");
    }

    [Fact]
    public void TheSameSeedGivesTheSameTable()
    {
        var (train, test) = SyntheticDigits.Create(trainCount: 600, testCount: 200);
        TransferResult Run() => TransferDemo.Run(train, test, examplesPerClass: [3], hidden: [8], sourceExamples: 300, sourceEpochs: 2, targetSteps: 20, seed: 4);
        Assert.Equal(Run().Rows, Run().Rows);
    }
}
