namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 18, item 8: a run that diverges without ever reaching NaN fails, naming where, and writes no model.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TrainingFaultTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuralsharp-fault-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AHugeLearningRateIsReportedAsDivergence()
    {
        var csv = Path.Combine(_dir, "blobs.csv");
        CliRunner.WriteBlobsCsv(csv, rows: 300);
        var outDir = Path.Combine(_dir, "out");
        var (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + csv, "--layers", "4,16,3", "--optimizer", "adam", "--lr", "1e6", "--epochs", "3", "--out", outDir, "--quiet");
        Assert.Equal(1, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^error: training diverged at epoch 1, batch \d+: the loss .* times its starting value .*smaller learning rate", error);
        Assert.DoesNotContain("test accuracy", output);
        Assert.False(File.Exists(Path.Combine(outDir, "model.safetensors")));
    }
}
