using NeuralSharp.Cli.Plots;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 11: the convolutional recipes through train, summary, eval and predict, on the 100-image MNIST fixture.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConvModelCliTests : FixtureMnistCommandTests
{
    [Fact]
    public async Task LeNetTrainsSavesAndReloadsAsTheConvNetwork()
    {
        var model = await Train("lenet");

        var (code, summary, error) = await CliRunner.Run("summary", model);
        Assert.True(code == 0, error);
        // One row per layer with its output shape: the conv layers keep 28x28 (padding 2), then 14, 10 and 5 pixels a side.
        Assert.Matches(@"Conv2d\(1, 6, kernel_size=\(5, 5\)[^\n]*\[1, 6, 28, 28\]", summary);
        Assert.Matches(@"MaxPool2d[^\n]*\[1, 6, 14, 14\]", summary);
        Assert.Matches(@"Conv2d\(6, 16, kernel_size=\(5, 5\)[^\n]*\[1, 16, 10, 10\]", summary);
        Assert.Matches(@"MaxPool2d[^\n]*\[1, 16, 5, 5\]", summary);
        Assert.Matches(@"Flatten[^\n]*\[1, 400\]", summary);
        Assert.Contains("Total parameters: 61,706", summary);

        // --json gives each convolution the dense layer of its per-example sizes that the text's note names: in x out weights and out biases.
        (code, var json, error) = await CliRunner.Run("summary", model, "--json");
        Assert.True(code == 0, error);
        using var report = System.Text.Json.JsonDocument.Parse(json);
        var layers = report.RootElement.GetProperty("layers").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        foreach (var (name, from, to) in new[] { ("1.0", new[] { 1, 28, 28 }, new[] { 6, 28, 28 }), ("1.3", [6, 14, 14], [16, 10, 10]) })
        {
            var dense = layers[name].GetProperty("dense_equivalent");
            long inputs = from.Aggregate(1, (a, d) => a * d), outputs = to.Aggregate(1, (a, d) => a * d);
            Assert.Equal(from, dense.GetProperty("input_shape").EnumerateArray().Select(d => d.GetInt32()));
            Assert.Equal(to, dense.GetProperty("output_shape").EnumerateArray().Select(d => d.GetInt32()));
            Assert.Equal((inputs * outputs) + outputs, dense.GetProperty("parameters").GetInt64());
            Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Parameter sharing: {name} has {layers[name].GetProperty("parameters").GetInt64():N0} parameters; a dense layer from [{string.Join(", ", from)}] to [{string.Join(", ", to)}] would have {(inputs * outputs) + outputs:N0}."), summary);
        }

        Assert.Equal(2, layers.Values.Count(l => l.TryGetProperty("dense_equivalent", out _)));

        await TrainedModelChecks.EvalAndPredict(model, Mnist);
        AssertConvPlots(model, filters: 6, kernel: 5, [6, 16]);
    }

    [Fact]
    public async Task CnnTrainsSavesAndReloadsAsTheConvNetwork()
    {
        var model = await Train("cnn");

        var (code, summary, error) = await CliRunner.Run("summary", model);
        Assert.True(code == 0, error);
        Assert.Matches(@"Conv2d\(1, 32[^\n]*\[1, 32, 28, 28\]", summary);
        Assert.Matches(@"BatchNorm2d\(32[^\n]*\[1, 32, 28, 28\]", summary);
        Assert.Matches(@"Conv2d\(64, 128[^\n]*\[1, 128, 7, 7\]", summary);
        Assert.Matches(@"MaxPool2d[^\n]*\[1, 128, 3, 3\]", summary);

        await TrainedModelChecks.EvalAndPredict(model, Mnist);
        // 32, 64 and 128 maps: the first 16 of each are drawn.
        AssertConvPlots(model, filters: 16, kernel: 5, [16, 16, 16]);
    }

    [Fact]
    public async Task ResNetTrainsSavesAndReloadsWithItsResidualBlocks()
    {
        var model = await Train("resnet");

        var (code, summary, error) = await CliRunner.Run("summary", model);
        Assert.True(code == 0, error);
        Assert.Matches(@"Conv2d\(1, 32, kernel_size=\(3, 3\)[^\n]*\[1, 32, 28, 28\]", summary);
        Assert.Matches(@"Residual[^\n]*\[1, 64, 14, 14\]", summary);
        Assert.Matches(@"Residual[^\n]*\[1, 128, 7, 7\]", summary);
        Assert.Matches(@"AdaptiveAvgPool2d[^\n]*\[1, 128, 1, 1\]", summary);

        // Stem 288 + 64; blocks 2 x 9,216 + 2 x 64, then 18,432 + 36,864 + 2,048 (1x1 projection) + 3 x 128,
        // then 73,728 + 147,456 + 8,192 + 3 x 256; dense 1,290.
        Assert.Contains("Total parameters: 308,074", summary);
        var net = Model.Load(model);
        Assert.Equal(3, net.NamedModules().Select(m => m.Value).OfType<Residual>().Count());
        Assert.Equal(2, net.NamedModules().Select(m => m.Value).OfType<Residual>().Count(b => b.Shortcut is not null));

        await TrainedModelChecks.EvalAndPredict(model, Mnist);
        // Nine convolutions (the stem, two per block, two projections), in the order they run; 16 of each drawn.
        AssertConvPlots(model, filters: 16, kernel: 3, [.. Enumerable.Repeat(16, 9)]);
    }

    [Fact]
    public async Task AConvModelOnATableIsAOneLineErrorNaming28x28()
    {
        var data = Dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(data);
        foreach (var name in new[] { "lenet", "cnn", "resnet", "lstm", "gru" })
        {
            var (code, _, error) = await CliRunner.Run("train", "--dataset", "csv:" + data, "--model", name, "--epochs", "1", "--out", Dir.File("run"));
            Assert.NotEqual(0, code);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length == 1, error);
            Assert.StartsWith("error: ", lines[0]);
            Assert.Contains($"--model {name}", lines[0]);
            Assert.Contains("28x28", lines[0]);
            Assert.Contains("a table of 4 columns", lines[0]);
            Assert.False(File.Exists(Dir.File("run/model.safetensors")));
        }
    }

    /// <summary>Trains one epoch of <paramref name="model"/> on the fixture and returns the model file.</summary>
    private async Task<string> Train(string model)
    {
        var outDir = Dir.File(model);
        var (code, output, error) = await CliRunner.Run("train", "--model", model, "--epochs", "1", "--batch", "20", "--out", outDir);
        Assert.True(code == 0, error + output);
        Assert.Contains("100 training and 100 test examples", output);
        var path = Path.Combine(outDir, "model.safetensors");
        Assert.True(File.Exists(path), output);
        Assert.Contains($"{ConvPlots.FiltersFile}, {ConvPlots.FeatureMapsFile} in", output);
        return path;
    }

    /// <summary>
    /// The filters picture shows the first convolution's weights of the saved model, and the feature-maps picture the first
    /// test image and, in the next row, its maps at the first convolution, each stretched from its lowest value (white) to its highest (black).
    /// </summary>
    private void AssertConvPlots(string modelPath, int filters, int kernel, int[] mapsPerConv)
    {
        var dir = Path.GetDirectoryName(modelPath)!;
        var net = Model.Load(modelPath);
        var conv = net.NamedModules().Select(m => m.Value).OfType<Conv2d>().First();

        // GridPlots.Images: cells of kernel x scale pixels plus 12, captions of 20 and 10 pixels of space, 8 to a row.
        var scale = ConvPlots.FilterScale(kernel, kernel);
        var (cellW, cellH) = ((kernel * scale) + 12, (kernel * scale) + 30);
        using (var bitmap = PngAssert.Drawn(Path.Combine(dir, ConvPlots.FiltersFile), Math.Min(filters, 8) * cellW, ((filters + 7) / 8) * cellH, minInkShare: 0.3, minColours: 20))
        {
            var weights = conv.Weight.ToArray();
            for (var f = 0; f < filters; f++)
            {
                var w = weights.AsSpan(f * kernel * kernel, kernel * kernel);
                var (x0, y0) = (((f % 8) * cellW) + 6, ((f / 8) * cellH) + 6);
                for (var k = 0; k < w.Length; k++)
                {
                    Assert.Equal(Grey(w, k), bitmap.GetPixel(x0 + ((k % kernel) * scale) + 1, y0 + ((k / kernel) * scale) + 1).Red);
                }
            }
        }

        // GridPlots.ImageRows: a row of the input, then a row per convolution, of cells of 56 pixels 6 apart under 20-pixel titles.
        var counts = mapsPerConv.Prepend(1).ToArray();
        var width = 20 + (counts.Max() * 56) + ((counts.Max() - 1) * 6);
        using var maps = PngAssert.Drawn(Path.Combine(dir, ConvPlots.FeatureMapsFile), width, 10 + (counts.Length * 86), minInkShare: 0.15, minColours: 20);
        var image = Mnist.Images.GetImage(0).ToArray();
        Tensor first;
        using (NeuralSharp.Autograd.GradMode.NoGrad())
        {
            net.Eval();
            first = conv.Forward(Tensor.FromArray(image, [1, 1, 28, 28]));
        }

        var map = first.ToArray().AsSpan(0, 28 * 28);
        for (var k = 0; k < 28 * 28; k++)
        {
            var (x, y) = (10 + ((k % 28) * 2), 10 + 20 + ((k / 28) * 2));
            Assert.Equal(Grey(image, k), maps.GetPixel(x, y).Red);
            Assert.Equal(Grey(map, k), maps.GetPixel(x, y + 86).Red);
        }
    }

    /// <summary>The grey level of value <paramref name="k"/> of <paramref name="values"/> stretched onto [0, 1], drawn dark for 1.</summary>
    private static byte Grey(ReadOnlySpan<float> values, int k)
    {
        float lo = float.MaxValue, hi = float.MinValue;
        foreach (var v in values)
        {
            (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
        }

        return (byte)(255 - (int)Math.Clamp((values[k] - lo) / (hi - lo) * 255f, 0, 255));
    }
}
