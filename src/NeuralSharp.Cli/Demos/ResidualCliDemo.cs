using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class ResidualCliDemo : ICliDemo
{
    public string Name => "residual";

    public string Description => "30 Linear layers, plain against residual blocks: per-layer gradient norms at the start and the training loss (the plain one stalls)";

    public Task<int> RunAsync(DemoContext context)
    {
        var r = ResidualDemo.Run(seed: context.Seed);
        var (plain, residual) = (r.Curves[0], r.Curves[1]);
        int[] shown = [1, 2, 5, 10, 15, 20, 25, 29, 30];
        Table($"||dL/dW|| of each Linear layer at initialisation ({r.Layers} layers of {r.Width}, tanh, layer 1 is the input layer)",
            ["layer", "plain", "residual"],
            shown.Select(l => new[] { l.ToString(CultureInfo.InvariantCulture), G(plain.GradientNorms[l - 1]), G(residual.GradientNorms[l - 1]) }));
        var steps = (plain.TrainLoss.Length - 1) * r.LogEvery;
        Table($"training: {steps} full-batch Adam steps on 512 points, y = sin(2 x0) + x1 x2 - x3^2 / 2 + cos(x4 + x5) / 2",
            ["network", "parameters", "initial train MSE", "final train MSE", "test MSE"],
            r.Curves.Select(c => new[] { c.Model, c.Parameters.ToString(CultureInfo.InvariantCulture), G(c.TrainLoss[0]), G(c.TrainLoss[^1]), G(c.TestMse) }));
        Console.WriteLine($"predicting the mean: test MSE {G(r.BaselineMse)}; layer 1 / layer {r.Layers} gradient: plain {G(plain.GradientNorms[0] / plain.GradientNorms[^1])}, residual {G(residual.GradientNorms[0] / residual.GradientNorms[^1])}");

        var layers = Enumerable.Range(1, r.Layers).Select(l => (double)l).ToArray();
        var gradients = new Panel("gradient norm per layer at initialisation", "Linear layer (1 = input)", "||dL/dW||",
            [.. r.Curves.Select(c => new Series(c.Model, layers, c.GradientNorms))], LogY: true, Legend: ScottPlot.Alignment.LowerRight);
        var at = Enumerable.Range(0, plain.TrainLoss.Length).Select(i => (double)(i * r.LogEvery)).ToArray();
        var losses = new Panel("training loss", "Adam step", "train MSE",
            [.. r.Curves.Select(c => new Series(c.Model, at, c.TrainLoss)), new Series("predicting the mean", [at[0], at[^1]], [r.BaselineMse, r.BaselineMse], Dashed: true)],
            LogY: true, Legend: ScottPlot.Alignment.LowerLeft);
        var path = context.OutputPath("residual.png");
        LineChart.SavePanels(path, [gradients, losses], columns: 2, panelWidth: 640, panelHeight: 460);
        Wrote(path);
        return Task.FromResult(0);
    }
}
