using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class UniversalCliDemo : ICliDemo
{
    public string Name => "universal";

    public string Description => "f(x) = c + sum_i w_i ReLU(x + b_i) fitted to sin(2x) + 0.3x^2 with 1, 2, 4, ..., 64 units: the error falls as units are added";

    public Task<int> RunAsync(DemoContext context)
    {
        var result = UniversalApproximationDemo.Run(seed: context.Seed);
        Table("random kinks -b_i, least-squares output weights; errors over 200 points on [-2, 2]",
            ["units", "mean squared error", "max |error|"],
            result.Fits.Select(f => new[] { f.Units.ToString(System.Globalization.CultureInfo.InvariantCulture), G(f.MeanSquaredError), G(f.MaxError) }));
        var path = context.OutputPath("universal.png");
        LineChart.Save(path, "One hidden layer of ReLUs approximating sin(2x) + 0.3x^2", "x", "f(x)",
            [new Series("target", result.X, result.Target), .. result.Fits.Select(f => new Series(f.Units == 1 ? "1 unit" : $"{f.Units} units", result.X, f.Prediction))], width: 800, height: 500, legend: ScottPlot.Alignment.UpperCenter);
        Wrote(path);
        return Task.FromResult(0);
    }
}
