using NeuralSharp.Data;
using NeuralSharp.Demos;

namespace NeuralSharp.Tests.Training;

/// <summary>
/// <c>demo autoencoder</c>'s claims (issue 14), on the 100 MNIST test images of the fixture (trained and scored on the same
/// images, since the probe needs every class): the reconstructions beat the mean image by far, and the 2-D code separates
/// the digits better than 2 random projections of the pixels; the variational autoencoder learns too.
/// </summary>
public class AutoencoderDemoTests
{
    internal static ImageDataset Fixture() => ImageDataset.FromIdx(
        IdxReader.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist-t10k-first100-images-idx3-ubyte.gz")),
        IdxReader.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "mnist-t10k-first100-labels-idx1-ubyte.gz")));

    private static readonly Lazy<AutoencoderResult> Result = new(() =>
    {
        var images = Fixture();
        return AutoencoderDemo.Run(images, images, epochs: 60, hidden: [64], batchSize: 10, seed: 1);
    });

    [Fact]
    public void ReconstructionErrorIsWellBelowTheMeanImages()
    {
        var r = Result.Value;
        Assert.Equal([AutoencoderDemo.Dense, AutoencoderDemo.Convolutional, AutoencoderDemo.Denoising], r.Runs.Select(run => run.Name));
        var (dense, conv, denoiser) = (r.Runs[0], r.Runs[1], r.Runs[2]);
        Assert.True(conv.TestError < r.MeanImageError / 2, $"convolutional {conv.TestError}, mean image {r.MeanImageError}");
        Assert.True(denoiser.TestError < r.MeanImageError / 2, $"denoising {denoiser.TestError}, mean image {r.MeanImageError}");
        Assert.True(dense.TestError < r.MeanImageError * 0.8, $"dense 2-unit {dense.TestError}, mean image {r.MeanImageError}");
        Assert.All(r.Runs, run => Assert.True(run.TestLoss[^1] < run.TestLoss[0], $"{run.Name}: {run.TestLoss[0]} -> {run.TestLoss[^1]}"));
    }

    [Fact]
    public void VariationalAutoencoderLowersItsBoundReconstructsAndDrawsNewImages()
    {
        var vae = Result.Value.Vae;
        Assert.True(vae.TrainBound[^1] < vae.TrainBound[0] * 0.8, $"-ELBO {vae.TrainBound[0]} -> {vae.TrainBound[^1]}");
        Assert.True(vae.TestError < Result.Value.MeanImageError * 0.9, $"variational {vae.TestError}, mean image {Result.Value.MeanImageError}");
        Assert.Equal(10, vae.Samples.Count);
        Assert.All(vae.Samples.Concat(vae.Reconstructions), image => Assert.All(image, v => Assert.InRange(v, 0f, 1f)));
        Assert.NotEqual(vae.Samples[0], vae.Samples[1]);
    }

    [Fact]
    public void LinearProbeOnTheTwoDimensionalCodesBeatsOneOnTwoRandomProjections()
    {
        var r = Result.Value;
        Assert.Equal(r.TestExamples, r.Codes.Count);
        Assert.All(r.Codes, c => Assert.Equal(2, c.Length));
        Assert.True(r.ProbeOnCodes > r.ProbeOnProjections + 0.1, $"codes {r.ProbeOnCodes}, random projections {r.ProbeOnProjections}");
    }

    [Fact]
    public void PictureHoldsOneTestImageOfEachClassAndItsReconstructions()
    {
        var r = Result.Value;
        Assert.Equal(10, r.Inputs.Count);
        Assert.All(r.Runs, run => Assert.Equal(10, run.Reconstructions.Count));
        Assert.All(r.Runs.SelectMany(run => run.Reconstructions).Concat(r.NoisyInputs), image => Assert.Equal(784, image.Length));
    }
}
