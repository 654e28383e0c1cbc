using NeuralSharp.Data.Transforms;

namespace NeuralSharp.Tests.Data.Transforms;

/// <summary>The denoising autoencoder's corruption (issue 14): seeded Gaussian noise on the inputs, clean targets.</summary>
[Collection(NeuralSharp.Tests.Training.ThreadCountCollection.Name)]
public class GaussianNoiseTests
{
    private static Tensor Grey(int n) => Tensor.Full([n, 64], 0.5);

    [Fact]
    public void NoiseHasTheGivenSpreadAndIsTheSameForASeedWhateverTheThreads()
    {
        var pairs = DenoisingData.Pairs(Grey(100), ImageShape.Grey(8, 8), new GaussianNoise(0.1), seed: 3);
        int[] all = [.. Enumerable.Range(0, 100)];
        var batch = pairs.GetBatch(all);
        var noise = batch.Inputs.ToDoubleArray().Select(v => v - 0.5).ToArray();
        var sd = Math.Sqrt(noise.Select(v => v * v).Average());
        Assert.InRange(noise.Average(), -0.01, 0.01);
        Assert.InRange(sd, 0.095, 0.105);
        Assert.All(batch.Targets!.ToDoubleArray(), v => Assert.Equal(0.5, v));

        var single = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            Assert.Equal(batch.Inputs.ToDoubleArray(), DenoisingData.Pairs(Grey(100), ImageShape.Grey(8, 8), new GaussianNoise(0.1), seed: 3).GetBatch(all).Inputs.ToDoubleArray());
        }
        finally
        {
            Parallelism.ThreadCount = single;
        }

        Assert.NotEqual(batch.Inputs.ToDoubleArray(), DenoisingData.Pairs(Grey(100), ImageShape.Grey(8, 8), new GaussianNoise(0.1), seed: 4).GetBatch(all).Inputs.ToDoubleArray());
        pairs.SetEpoch(1);
        Assert.NotEqual(batch.Inputs.ToDoubleArray(), pairs.GetBatch(all).Inputs.ToDoubleArray());
    }

    [Fact]
    public void ClippingKeepsPixelsInTheUnitIntervalAndTheCleanImagesAreUntouched()
    {
        var clean = Grey(10);
        var clipped = DenoisingData.Pairs(clean, ImageShape.Grey(8, 8), new GaussianNoise(2), seed: 1).GetBatch([.. Enumerable.Range(0, 10)]);
        Assert.All(clipped.Inputs.ToDoubleArray(), v => Assert.InRange(v, 0, 1));
        Assert.Contains(clipped.Inputs.ToDoubleArray(), v => v is 0 or 1);
        var unclipped = DenoisingData.Pairs(clean, ImageShape.Grey(8, 8), new GaussianNoise(2, clip: false), seed: 1).GetBatch([0, 1]);
        Assert.Contains(unclipped.Inputs.ToDoubleArray(), v => v is < 0 or > 1);
        Assert.All(clean.ToDoubleArray(), v => Assert.Equal(0.5, v));
        Assert.Equal("GaussianNoise(std=2, clip=True)", new GaussianNoise(2).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(-1));
    }
}
