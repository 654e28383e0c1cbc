using NeuralSharp.TensorBoard;
using NeuralSharp.Tests.Cli;

namespace NeuralSharp.Tests.TensorBoard;

/// <summary><c>neuralsharp train --tensorboard DIR</c> on the 100-image MNIST fixture.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TensorBoardCliTests : FixtureMnistCommandTests
{
    [Fact]
    public async Task TrainWritesAnEventFileWithScalarsHistogramsAndTheMisclassifiedGrid()
    {
        var outDir = Dir.File("out");
        var logDir = Dir.File("logs");
        var (code, output, error) = await CliRunner.Run("train", "--layers", "784,16,10", "--epochs", "2", "--batch", "20",
            "--validation-split", "0.2", "--out", outDir, "--tensorboard", logDir);
        Assert.True(code == 0, error + output);

        var file = Assert.Single(Directory.GetFiles(logDir));
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(file));
        Assert.Contains($"TensorBoard events: {file} (tensorboard --logdir {logDir})", output.ReplaceLineEndings(""));
        var events = TensorBoardEventReader.ReadAll(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var values = events.Skip(1).SelectMany(e => e.Summary.Value.Select(v => (e.Step, Value: v))).ToLookup(x => x.Value.Tag);
        foreach (var tag in new[] { "loss/train", "loss/validation", "accuracy/train", "accuracy/validation", "learning_rate", "weights/0.weight", "gradients/2.bias" })
        {
            Assert.Equal(new long[] { 1, 2 }, values[tag].Select(x => x.Step));
        }

        // The cosine schedule that Adam gets by default lowers the rate from the first epoch to the second.
        var rates = values["learning_rate"].Select(x => x.Value.SimpleValue).ToArray();
        Assert.True(rates[1] < rates[0], string.Join(", ", rates));

        var image = Assert.Single(values["test/misclassified"]);
        Assert.Equal(2, image.Step);
        var png = await File.ReadAllBytesAsync(Path.Combine(outDir, "misclassified.png"));
        Assert.Equal(png, image.Value.Image.EncodedImageString.ToByteArray());
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal((bitmap.Width, bitmap.Height), (image.Value.Image.Width, image.Value.Image.Height));
    }

    [Fact]
    public async Task JsonOutputStaysOneObject()
    {
        var logDir = Dir.File("json-logs");
        var (code, output, error) = await CliRunner.Run("train", "--layers", "784,4,10", "--epochs", "1", "--batch", "50", "--out", Dir.File("json-out"), "--tensorboard", logDir, "--json");
        Assert.True(code == 0, error + output);
        using var report = System.Text.Json.JsonDocument.Parse(output);
        Assert.True(report.RootElement.TryGetProperty("test_accuracy", out _), output);
        var events = TensorBoardEventReader.ReadAll(Assert.Single(Directory.GetFiles(logDir)));
        Assert.Contains(events, e => e.Summary?.Value.Any(v => v.Tag == "test/misclassified") == true);
    }

    [Fact]
    public async Task AnUnwritableFolderIsAOneLineError()
    {
        var blocker = Dir.File("file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var (code, _, error) = await CliRunner.Run("train", "--layers", "784,4,10", "--epochs", "1", "--out", Dir.File("out"), "--tensorboard", Path.Combine(blocker, "logs"));
        Assert.NotEqual(0, code);
        Assert.Contains("--tensorboard ", error);
        Assert.Contains("cannot write there", error);
    }
}
