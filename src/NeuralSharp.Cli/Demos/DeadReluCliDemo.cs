using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class DeadReluCliDemo : ICliDemo
{
    public string Name => "dead-relu";

    public string Description => "Fraction of dead ReLU units after a too-large learning rate, and none with leaky ReLU, ELU or Maxout";

    public Task<int> RunAsync(DemoContext context)
    {
        var runs = DeadReluDemo.Run(seed: context.Seed);
        Table("10-64-64-1 regression network, Adam, 8 epochs of mini-batches of 32; dead = zero derivative on every training example",
            ["activation, learning rate", "dead units after epoch 1", "dead units at the end", "final loss"],
            runs.Select(r => new[] { r.Name, $"{F(100 * r.DeadFraction[1], 1)}%", $"{F(100 * r.DeadFraction[^1], 1)}%", G(r.Loss[^1]) }));
        var path = context.OutputPath("dead-relu.png");
        var epochs = Enumerable.Range(0, runs[0].DeadFraction.Count).Select(e => (double)e).ToArray();
        LineChart.Save(path, "Dead hidden units during training", "epoch", "dead units %", runs.Select(r => new Series(r.Name, epochs, r.DeadFraction.Select(f => 100 * f).ToArray())), width: 800, height: 500, legend: ScottPlot.Alignment.MiddleRight);
        Wrote(path);
        return Task.FromResult(0);
    }
}
