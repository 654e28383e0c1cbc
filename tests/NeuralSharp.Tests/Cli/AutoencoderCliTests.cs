using System.Globalization;
using System.Text.RegularExpressions;
using NeuralSharp.Cli.Commands;
using NeuralSharp.Generative;
using NeuralSharp.IO;

namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 14: <c>train --model autoencoder</c> on the 100-image MNIST fixture.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class AutoencoderCliTests : FixtureMnistCommandTests
{
    [Fact]
    public async Task TheAutoencoderLearnsToReconstructBetterThanTheMeanImageAndDrawsItsCodes()
    {
        var outDir = Dir.File("ae");
        var (code, output, error) = await CliRunner.Run("train", "--model", "autoencoder", "--epochs", "30", "--batch", "10", "--out", outDir);
        Assert.True(code == 0, error + output);

        var figures = Result().Match(output);
        Assert.True(figures.Success, output);
        var mse = double.Parse(figures.Groups[1].Value, CultureInfo.InvariantCulture);
        var mean = double.Parse(figures.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(mse < 0.8 * mean, $"reconstruction MSE {mse} against the mean image's {mean}");

        var model = Model.Load(Path.Combine(outDir, "model.safetensors"));
        var autoencoder = Assert.IsType<Autoencoder>(model);
        Assert.Equal(new Shape(1, 2), autoencoder.Encode(Tensor.Zeros([1, 784])).Shape); // the 2-unit code
        var classes = Mnist.Images.Labels.Distinct().Count();
        var (width, height) = NeuralSharp.Cli.Plots.GridPlots.RowsLayout([classes, classes]);
        PngAssert.Drawn(Path.Combine(outDir, AutoencoderTraining.ReconstructionsFile), width, height, 0.05, 3).Dispose();
        PngAssert.Drawn(Path.Combine(outDir, AutoencoderTraining.EmbeddingFile), 760, 620, 0.01, 5).Dispose();
        Assert.True(File.Exists(Path.Combine(outDir, "history.csv")));

        (code, var summary, error) = await CliRunner.Run("summary", Path.Combine(outDir, "model.safetensors"));
        Assert.True(code == 0, error);
        Assert.Contains("Autoencoder", summary);
    }

    [Theory]
    [InlineData("--loss", "mae", "do not apply")]
    [InlineData("--layers", "100,2", "from the 784 pixels")]
    [InlineData("--layers", "784,x,2", "positive whole numbers")]
    public async Task BadSettingsAreNamed(string option, string value, string message)
    {
        var (code, _, error) = await CliRunner.Run("train", "--model", "autoencoder", option, value, "--epochs", "1", "--out", Dir.File("bad"));
        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }

    [GeneratedRegex(@"test reconstruction MSE ([\d.]+), the mean image's ([\d.]+)")]
    private static partial Regex Result();
}
