using System.Text.RegularExpressions;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Cli;

/// <summary>The course's demonstrations (issue 13) through <c>neuralsharp demo NAME</c>: a table, a PNG, the same for the same seed.</summary>
[Collection(ConsoleCollection.Name)]
public class CourseDemoCliTests
{
    [Theory]
    [InlineData("vanishing", 800, 500, "input layer / output layer: sigmoid")]
    [InlineData("init", 800, 500, "only He keeps the spread through ReLU layers")]
    [InlineData("universal", 800, 500, "mean squared error")]
    [InlineData("parity", 800, 500, "deep XOR tree units")]
    [InlineData("depth", 800, 500, "lowest test error:")]
    [InlineData("dead-relu", 800, 500, "dead units at the end")]
    [InlineData("activations", 1280, 480, "f and f' (autograd) at a few points")]
    [InlineData("sgd", 1680, 420, "momentum 0.9, lr 5")]
    [InlineData("linear-collapse", 800, 500, "agree to rounding")]
    [InlineData("rnn-gradients", 800, 500, "after 50 steps: rho 0.9 gives")]
    [InlineData("hopfield", 460, 660, "the classic estimate is 0.138 N")]
    [InlineData("som", 822, 428, "hexagonal batch map: grid neighbours are")]
    [InlineData("convolution", 1200, 420, "changed 8 of 8 detector values but only")]
    [InlineData("rbf", 1280, 460, "two concentric rings (200 training, 400 test points)")]
    [InlineData("memory", 1280, 460, "predicting the mean: test MSE")]
    [InlineData("residual", 1280, 460, "layer 1 / layer 30 gradient: plain")]
    [InlineData("echo-state", 1280, 460, "reservoir spectral radius after rescaling: 0.9000")]
    [InlineData("autoencoder", 1280, 520, "linear probe on the 2-D codes: test accuracy")]
    [InlineData("gan", 1280, 460, "discriminator accuracy")]
    public async Task CourseDemoPrintsItsTableAndDrawsItsPng(string name, int width, int height, string mentions)
    {
        // The demos that train on MNIST read the fixture's 100 images instead.
        using var mnist = new FixtureMnist();
        using var dir = new TempDirectory();
        var (code, output, error) = await CliRunner.Run("demo", name, "--out", dir.Path, "--quiet");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains(mentions, Regex.Replace(output, @"\s+", " "));
        var png = dir.File(name + ".png");
        Assert.Contains("wrote " + png, output);
        using var bitmap = PngAssert.Drawn(png, width, height, minInkShare: 0.03, minColours: 20);
    }

    [Fact]
    public async Task AutoencoderDemoDrawsInputsBesideReconstructions()
    {
        using var mnist = new FixtureMnist();
        using var dir = new TempDirectory();
        var (code, output, _) = await CliRunner.Run("demo", "autoencoder", "--out", dir.Path, "--quiet");
        Assert.Equal(0, code);
        Assert.Contains("reconstruction MSE per epoch (100 training images, 100 test images", Regex.Replace(output, @"\s+", " "));
        var png = dir.File("autoencoder-reconstructions.png");
        Assert.Contains("wrote " + png, output);
        var (width, height) = NeuralSharp.Cli.Plots.GridPlots.RowsLayout([10, 10, 10, 10, 10, 10, 10]);
        using var bitmap = PngAssert.Drawn(png, width, height, minInkShare: 0.03, minColours: 20);
    }

    [Fact]
    public async Task GanDemoDrawsOneSheetOfDigitsPerEpoch()
    {
        using var mnist = new FixtureMnist();
        using var dir = new TempDirectory();
        var (code, output, error) = await CliRunner.Run("demo", "gan", "--epochs", "2", "--out", dir.Path, "--quiet");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        Assert.Contains("2 epochs (--epochs)", output);
        foreach (var epoch in new[] { 1, 2 })
        {
            var png = dir.File($"gan-epoch-{epoch}.png");
            Assert.Contains($"epoch {epoch}: discriminator loss", output);
            Assert.Contains("wrote " + png, output);
            using var bitmap = PngAssert.Drawn(png, 708, 708, minInkShare: 0.03, minColours: 20);
        }

        Assert.False(File.Exists(dir.File("gan-epoch-3.png")));
        var (badCode, _, badError) = await CliRunner.Run("demo", "gan", "--epochs", "0", "--out", dir.Path, "--quiet");
        Assert.NotEqual(0, badCode);
        Assert.Contains("--epochs must be 1 or more", badError);
    }

    [Fact]
    public async Task UniversalDemoTableShowsTheErrorFallingAsUnitsAreAdded()
    {
        using var dir = new TempDirectory();
        var (code, output, _) = await CliRunner.Run("demo", "universal", "--out", dir.Path, "--quiet");
        Assert.Equal(0, code);
        var rows = TableRows(output).Where(c => c.Length == 3).ToArray();
        Assert.Equal([1, 2, 4, 8, 16, 32, 64], rows.Select(c => (int)c[0]));
        Assert.True(rows[^1][1] < rows[0][1] / 1000, $"{rows[0][1]} -> {rows[^1][1]}");
    }

    [Fact]
    public async Task VanishingDemoTableShrinksTheSigmoidGradientAndHoldsTheRelu()
    {
        using var dir = new TempDirectory();
        var (code, output, _) = await CliRunner.Run("demo", "vanishing", "--out", dir.Path, "--quiet");
        Assert.Equal(0, code);

        // Rows: layer, sigmoid |dE/dW|, ratio, mean sigma', ReLU |dE/dW|, ratio (the first row has no ratios).
        var rows = TableRows(output).Where(c => c.Length == 6).ToArray();
        Assert.Equal(Enumerable.Range(2, 10), rows.Select(c => (int)c[0]));
        Assert.All(rows, c => Assert.True(c[3] <= 0.25, $"layer {c[0]}: mean sigma' {c[3]}"));
        Assert.All(rows.Skip(1).SkipLast(1), c => Assert.True(c[2] < 0.3, $"layer {c[0]}: sigmoid ratio {c[2]}"));
        Assert.All(rows, c => Assert.InRange(c[5], 0.4, 2.5));
    }

    [Fact]
    public async Task TheSameSeedPrintsTheSameTableAndDrawsTheSamePicture()
    {
        using var dir = new TempDirectory();
        var first = await CliRunner.Run("demo", "sgd", "--seed", "5", "--out", dir.Path, "--quiet");
        var firstPng = await File.ReadAllBytesAsync(dir.File("sgd.png"));
        var second = await CliRunner.Run("demo", "sgd", "--seed", "5", "--out", dir.Path, "--quiet");
        var secondPng = await File.ReadAllBytesAsync(dir.File("sgd.png"));
        var other = await CliRunner.Run("demo", "sgd", "--seed", "6", "--out", dir.Path, "--quiet");
        Assert.Equal((0, 0, 0), (first.Code, second.Code, other.Code));
        Assert.Equal(first.Output, second.Output);
        Assert.Equal(firstPng, secondPng);
        Assert.NotEqual(first.Output, other.Output);
    }

    /// <summary>The numeric cells of each table row (rows whose cells all parse as numbers).</summary>
    private static IEnumerable<double[]> TableRows(string output) =>
        output.Split('\n')
            .Select(l => l.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray())
            .Where(c => c.Length > 1)
            .Select(c => c.Select(v => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : double.NaN).ToArray())
            .Where(c => c.All(double.IsFinite));
}
