using NeuralSharp.Cli.Commands;
using NeuralSharp.Cli.Models;
using NeuralSharp.Cli.Plots;
using SkiaSharp;

namespace NeuralSharp.Tests.Cli;

/// <summary>The CLI's extension points: demos and model recipes found by reflection, and the shared line chart.</summary>
public sealed class CliSeamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-seams-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void EveryDemoIsFoundOnceWithADescription()
    {
        var names = DemoCommand.All.Select(d => d.Name).ToArray();
        Assert.Superset(new HashSet<string> { "xor", "gates", "backprop", "overfitting", "vanishing", "init", "universal", "parity", "depth", "dead-relu", "activations", "sgd", "linear-collapse", "rnn-gradients", "hopfield", "som", "convolution", "rbf", "memory", "residual", "echo-state", "transfer", "distill", "autoencoder", "gan" }, names.ToHashSet());
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(DemoCommand.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Description)));
        Assert.Equal(names, DemoCommand.Create().Subcommands.Select(c => c.Name).ToArray());
    }

    [Fact]
    public void TheMlpRecipeBuildsTheLayersAndChecksTheirEnds()
    {
        var recipe = ModelCatalog.Get("MLP");
        var built = recipe.Build(new ModelRequest(6, 3, 2, 3, "6,4,3", "tanh", SigmoidOutput: false, Dropout: 0, new Generator(1)));
        Assert.Equal("network 6-4-3 tanh", built.Description);
        Assert.Equal((6 * 4) + 4 + (4 * 3) + 3, built.Network.ParameterCount);
        Assert.Equal([2, 3], built.Network.Forward(Tensor.Zeros([2, 6])).Shape.ToArray());

        var e = Assert.Throws<ArgumentException>(() => recipe.Build(new ModelRequest(6, 3, 2, 3, "5,3", "tanh", false, 0, new Generator(1))));
        Assert.Contains("must start with 6", e.Message, StringComparison.Ordinal);
        Assert.Contains("--model nope", Assert.Throws<ArgumentException>(() => ModelCatalog.Get("nope")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LineChartDrawsEachSeriesInItsOwnColour()
    {
        var path = Path.Combine(_dir, "lines.png");
        var xs = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        LineChart.Save(path, "two curves", "step", "value",
            [new Series("falling", xs, xs.Select(x => Math.Exp(-x)).ToArray()), new Series("rising", xs, xs.Select(x => Math.Exp(x / 4)).ToArray())], logY: true);

        using var bitmap = PngAssert.Drawn(path, 900, 560, minInkShare: 0.01, minColours: 10);
        Assert.True(PngAssert.CountNear(bitmap, new SKColor(0x1f, 0x77, 0xb4), 0, 900) > 150, "no first curve");
        Assert.True(PngAssert.CountNear(bitmap, new SKColor(0xff, 0x7f, 0x0e), 0, 900) > 150, "no second curve");
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
        Assert.Throws<ArgumentException>(() => LineChart.Save(path, "t", "x", "y", [new Series("bad", [1.0, 2.0], [1.0])]));
    }
}
