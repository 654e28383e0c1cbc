namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 18, items 7 and 8: data too small to train on is refused before training, and a run that diverges without ever reaching NaN fails, naming where; neither writes a model.</summary>
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

    [Theory]
    [InlineData("1,2,0\n", "1 example(s) are too few to train and test on")]
    [InlineData("1,2,0\n3,4,1\n", "2 example(s) are too few to train and test on")]
    [InlineData("1,2,0\n3,4,0\n5,6,0\n7,8,0\n9,1,0\n2,3,0\n", "all have one class; a classifier needs at least two")]
    public async Task TooFewRowsOrASingleClassIsRefusedBeforeTraining(string rows, string message)
    {
        var csv = Path.Combine(_dir, "tiny.csv");
        File.WriteAllText(csv, rows);
        var outDir = Path.Combine(_dir, "tiny-out");
        var (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + csv, "--epochs", "1", "--out", outDir, "--quiet");
        Assert.Equal(1, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, error);
        Assert.DoesNotContain("epoch", output);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFiles(outDir).Any(), "files were written for a refused run");
    }
}
