using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class MemoryCliDemo : ICliDemo
{
    public string Name => "memory";

    public string Description => "The adding problem over 50 steps: LSTM and GRU learn it, a plain tanh RNN of the same size stays at the mean's error";

    public Task<int> RunAsync(DemoContext context)
    {
        var r = MemoryDemo.Run(seed: context.Seed);
        Table($"adding problem, T = {r.Length}: {r.TrainSequences} training and {r.TestSequences} test sequences, {r.Hidden} hidden units, Adam 0.02, gradient norm clipped to 1 (LSTM: chrono initialisation)",
            ["model", "parameters", "first epoch test MSE", "final test MSE", "final / mean's MSE"],
            r.Curves.Select(c => new[] { c.Model, c.Parameters.ToString(CultureInfo.InvariantCulture), G(c.TestMse[0]), G(c.TestMse[^1]), F(c.TestMse[^1] / r.BaselineMse, 3) }));
        Console.WriteLine($"predicting the mean: test MSE {G(r.BaselineMse)} (the targets' variance, 1/6 = 0.167 in theory)");
        var epochs = Enumerable.Range(1, r.Curves[0].TestMse.Length).Select(e => (double)e).ToArray();
        var baseline = new Series("predicting the mean", [epochs[0], epochs[^1]], [r.BaselineMse, r.BaselineMse], Dashed: true);
        var train = new Panel("training loss per epoch", "epoch", "mean training MSE",
            [.. r.Curves.Select(c => new Series(c.Model, epochs, c.TrainLoss)), baseline], LogY: true, Legend: ScottPlot.Alignment.LowerLeft);
        var test = new Panel("test MSE after each epoch", "epoch", "test MSE",
            [.. r.Curves.Select(c => new Series(c.Model, epochs, c.TestMse)), baseline], LogY: true, Legend: ScottPlot.Alignment.LowerLeft);
        var path = context.OutputPath("memory.png");
        LineChart.SavePanels(path, [train, test], columns: 2, panelWidth: 640, panelHeight: 460);
        Wrote(path);
        return Task.FromResult(0);
    }
}
