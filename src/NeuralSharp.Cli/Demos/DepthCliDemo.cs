using System.Globalization;
using NeuralSharp.Demos;

namespace NeuralSharp.Cli.Demos;

internal sealed class DepthCliDemo : ICliDemo
{
    public string Name => "depth";

    public string Description => "Thin and tall against fat and short at equal parameter counts on two spirals (layers x size, error)";

    public Task<int> RunAsync(DemoContext context)
    {
        var rows = DepthDemo.Run(seed: context.Seed);
        CourseDemoOutput.Table($"two spirals ({DepthDemo.Turns} turns), 400 training and 400 test points, tanh, Adam 0.01 for 600 full-batch steps, at most 500 parameters",
            ["layers x size", "parameters", "train error %", "test error %"],
            rows.Select(r => new[] { $"{r.Layers} x {r.Width}", r.Parameters.ToString(CultureInfo.InvariantCulture), CourseDemoOutput.F(100 * r.TrainError, 1), CourseDemoOutput.F(100 * r.TestError, 1) }));
        var best = rows.MinBy(r => r.TestError)!;
        Console.WriteLine($"lowest test error: {best.Layers} x {best.Width} ({CourseDemoOutput.F(100 * best.TestError, 1)}%) against {CourseDemoOutput.F(100 * rows[0].TestError, 1)}% for one layer of {rows[0].Width}");
        var path = context.OutputPath("depth.png");
        Plots.LineChart.Save(path, "Two spirals at equal parameter counts (at most 500)", "hidden layers", "error %",
            [new Plots.Series("test error", rows.Select(r => (double)r.Layers).ToArray(), rows.Select(r => 100 * r.TestError).ToArray()),
             new Plots.Series("train error", rows.Select(r => (double)r.Layers).ToArray(), rows.Select(r => 100 * r.TrainError).ToArray())], width: 800, height: 500);
        CourseDemoOutput.Wrote(path);
        return Task.FromResult(0);
    }
}
