using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class SgdCliDemo : ICliDemo
{
    public string Name => "sgd";

    public string Description => "Batch, mini-batch and stochastic gradient descent (loss against updates and examples seen), and momentum against plain SGD";

    public Task<int> RunAsync(DemoContext context)
    {
        var r = GradientDescentDemo.Run(seed: context.Seed);
        var n = r.Examples;
        Table($"linear regression, {n} examples, 8 features, learning rate 0.05; loss over the whole training set",
            ["method", "after 10 updates", "after 100 updates", $"after {n} examples", $"after {8 * n} examples"],
            r.Batching.Select(d => new[] { d.Name, G(d.Loss[10]), G(d.Loss[100]), G(d.LossAfterExamples(n)), G(d.LossAfterExamples(8 * n)) }));
        Table("ill-conditioned regression (feature scales 0.1 to 1), full batch",
            ["method", "after 10 updates", "after 100 updates", "after 200 updates"],
            r.Momentum.Select(d => new[] { d.Name, At(d, 10), At(d, 100), At(d, 200) }));
        var path = context.OutputPath("sgd.png");
        LineChart.SavePanels(path,
        [
            new Panel("Loss against updates", "updates", "training loss", r.Batching.Select(d => Curve(d, 100, u => u)).ToArray(), LogY: true, Legend: ScottPlot.Alignment.UpperRight),
            new Panel("Loss against examples seen", "examples seen", "training loss", r.Batching.Select(d => Curve(d, 8 * n / d.BatchSize, u => u * d.BatchSize)).ToArray(), LogY: true, Legend: ScottPlot.Alignment.UpperRight),
            new Panel("Momentum on an ill-conditioned problem", "updates", "training loss", r.Momentum.Select(d => Curve(d, 200, u => u)).ToArray(), LogY: true, Legend: ScottPlot.Alignment.UpperRight),
        ], columns: 3, panelWidth: 560, panelHeight: 420);
        Wrote(path);
        return Task.FromResult(0);
    }

    private static string At(DescentRun d, int update) => update < d.Loss.Count ? G(d.Loss[update]) : "diverged";

    private static Series Curve(DescentRun d, int updates, Func<int, int> x)
    {
        var count = Math.Min(updates + 1, d.Loss.Count);
        return new Series(d.Name, Enumerable.Range(0, count).Select(u => (double)x(u)).ToArray(), d.Loss.Take(count).ToArray());
    }
}
