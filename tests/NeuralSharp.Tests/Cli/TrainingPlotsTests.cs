using NeuralSharp.Cli.Plots;

namespace NeuralSharp.Tests.Cli;

public sealed class TrainingPlotsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-plots-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void AssertPng(string path, int minBytes)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length >= minBytes, $"{path} has only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void WritesTheThreeFigures()
    {
        var curves = Path.Combine(_dir, "curves.png");
        TrainingPlots.LearningCurves(curves, [0.9, 0.5, 0.3], [1.0, 0.6, 0.4], [0.7, 0.85, 0.9], [0.65, 0.8, 0.88]);
        AssertPng(curves, 5_000);

        var counts = new long[3, 3] { { 5, 1, 0 }, { 0, 7, 2 }, { 1, 0, 9 } };
        var confusion = Path.Combine(_dir, "confusion.png");
        TrainingPlots.ConfusionMatrix(confusion, counts, ["a", "b", "c"]);
        AssertPng(confusion, 5_000);

        var image = Enumerable.Range(0, 28 * 28).Select(i => (i % 28) / 28f).ToArray();
        var grid = Path.Combine(_dir, "grid.png");
        TrainingPlots.ImageGrid(grid, [image, image, image], 28, 28, ["p:1 t:7", "p:2 t:3", "p:0 t:6"]);
        AssertPng(grid, 1_000);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }
}
