using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Cli;

public class CliAppTests
{
    /// <summary>A failure is one line on the error writer, "error: ...", with no stack trace, and a non-zero code.</summary>
    private static void AssertOneLineFailure(int code, string error, string? mentions = null)
    {
        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line, got {lines.Length}:\n{error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain(" at NeuralSharp", error);
        Assert.DoesNotContain("Exception", error);
        if (mentions is not null)
        {
            Assert.Contains(mentions, lines[0]);
        }
    }

    [Theory]
    [InlineData(new[] { "train", "--no-such-option" }, "--no-such-option")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new[] { "train", "--epochs", "0" }, "--epochs")]
    [InlineData(new[] { "train", "--batch", "0" }, "--batch")]
    [InlineData(new[] { "train", "--epochs", "ten" }, "ten")]
    [InlineData(new[] { "train", "--activation", "nope" }, "nope")]
    [InlineData(new[] { "train", "--loss", "nope" }, "nope")]
    [InlineData(new[] { "train", "--dropout", "1.5" }, "--dropout")]
    [InlineData(new[] { "train", "--dataset", "csv:/does/not/exist.csv" }, "/does/not/exist.csv")]
    [InlineData(new[] { "eval", "/missing.safetensors" }, "/missing.safetensors")]
    [InlineData(new[] { "summary", "/missing.safetensors" }, "/missing.safetensors")]
    [InlineData(new[] { "demo", "nope" }, "nope")]
    public async Task BadArgumentsFailWithOneLine(string[] args, string mentions)
    {
        var (code, _, error) = await CliRunner.Run(args);
        AssertOneLineFailure(code, error, mentions);
    }

    [Fact]
    public async Task PredictOnACorruptModelFailsWithOneLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("corrupt.safetensors");
        var bytes = new byte[300];
        new Random(4).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var (code, _, error) = await CliRunner.Run("predict", path, "--index", "0");
        AssertOneLineFailure(code, error);
    }

    [Fact]
    public async Task PredictNeedsAnImageOrAnIndexButNotBoth()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        Model.Save(new Sequential(new Linear(4, 3, generator: new Generator(1))), path);

        var (code, _, error) = await CliRunner.Run("predict", path);
        AssertOneLineFailure(code, error, "--index");
        (code, _, error) = await CliRunner.Run("predict", path, dir.File("x.png"), "--index", "1");
        AssertOneLineFailure(code, error, "--index");
    }

    [Fact]
    public async Task PredictOnAFileThatIsNotAnImageFailsWithOneLine()
    {
        using var dir = new TempDirectory();
        var model = dir.File("model.safetensors");
        Model.Save(new Sequential(new Linear(784, 10, generator: new Generator(1))), model);
        var notImage = dir.File("notes.png");
        await File.WriteAllTextAsync(notImage, "this is not a picture");

        var (code, _, error) = await CliRunner.Run("predict", model, notImage);
        AssertOneLineFailure(code, error, "not an image");
    }

    [Fact]
    public async Task LayersThatDoNotMatchTheDataFailWithOneLine()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(csv, rows: 30);

        var (code, _, error) = await CliRunner.Run("train", "--dataset", "csv:" + csv, "--layers", "5,3", "--epochs", "1", "--out", dir.File("out"), "--quiet");
        AssertOneLineFailure(code, error, "4 inputs and 3 classes");
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Theory]
    [InlineData("xor")]
    [InlineData("gates")]
    [InlineData("backprop")]
    [InlineData("overfitting")]
    public async Task DemosRun(string name)
    {
        var (code, _, error) = await CliRunner.Run("demo", name);
        Assert.Equal("", error);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task TrainOnACsvThenSummaryEvalAndPredict()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(csv);
        var outDir = dir.File("run");

        var (code, _, error) = await CliRunner.Run("train", "--dataset", "csv:" + csv, "--layers", "4,16,3", "--epochs", "3", "--batch", "16",
            "--lr", "0.05", "--out", outDir, "--quiet");
        Assert.True(code == 0, error);
        Assert.Equal("", error);

        foreach (var png in new[] { "curves.png", "confusion.png", "misclassified.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(outDir, png));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }

        var history = await File.ReadAllLinesAsync(Path.Combine(outDir, "history.csv"));
        Assert.Equal(4, history.Length);
        using (var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "history.json"))))
        {
            Assert.Equal(3, json.RootElement.GetArrayLength());
        }

        var modelPath = Path.Combine(outDir, "model.safetensors");
        var model = Model.Load(modelPath);
        Assert.Equal((4 * 16) + 16 + (16 * 3) + 3, model.ParameterCount);
        // The blobs are far apart: three epochs are enough to classify the held-out fifth well.
        Assert.Contains("\"test_accuracy\":", SafeTensorsFile.Read(modelPath).Metadata["cli.run"]);
        using (var run = System.Text.Json.JsonDocument.Parse(SafeTensorsFile.Read(modelPath).Metadata["cli.run"]))
        {
            Assert.True(run.RootElement.GetProperty("test_accuracy").GetDouble() >= 0.9);
        }

        (code, _, error) = await CliRunner.Run("summary", modelPath);
        Assert.True(code == 0, error);
        (code, _, error) = await CliRunner.Run("eval", modelPath, "--dataset", "csv:" + csv);
        Assert.True(code == 0, error);

        // Without --dataset, eval and predict use the data set recorded in the model file.
        (code, _, error) = await CliRunner.Run("eval", modelPath);
        Assert.True(code == 0, error);
        (code, _, error) = await CliRunner.Run("predict", modelPath, "--index", "3");
        Assert.True(code == 0, error);
        (code, _, error) = await CliRunner.Run("predict", modelPath, "--index", "1000");
        AssertOneLineFailure(code, error, "--index 1000");
    }
}
