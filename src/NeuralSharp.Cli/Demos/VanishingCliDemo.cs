using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class VanishingCliDemo : ICliDemo
{
    public string Name => "vanishing";

    public string Description => "Gradient norm per layer, output to input: a deep sigmoid MLP shrinks it ~1/4 per layer, ReLU + He init holds it";

    public Task<int> RunAsync(DemoContext context)
    {
        var rows = VanishingGradientsDemo.Run(seed: context.Seed);
        Table("10 hidden layers of 64, one batch of 128 random inputs, squared error: |dE/dW| per weight layer (1 = output layer)",
            ["layer", "sigmoid |dE/dW|", "ratio to layer above", "mean sigma'(z)", "ReLU+He |dE/dW|", "ratio to layer above"],
            rows.Select((r, i) => new[]
            {
                r.Layer.ToString(System.Globalization.CultureInfo.InvariantCulture), G(r.SigmoidNorm), i == 0 ? "" : F(r.SigmoidNorm / rows[i - 1].SigmoidNorm),
                r.Layer == 1 ? "" : F(r.SigmoidDerivative), G(r.ReluNorm), i == 0 ? "" : F(r.ReluNorm / rows[i - 1].ReluNorm),
            }));
        Console.WriteLine($"input layer / output layer: sigmoid {G(rows[^1].SigmoidNorm / rows[0].SigmoidNorm)}, ReLU + He {G(rows[^1].ReluNorm / rows[0].ReluNorm)}");
        var path = context.OutputPath("vanishing.png");
        var layers = rows.Select(r => (double)r.Layer).ToArray();
        LineChart.Save(path, "Gradient norm per layer, from the output (1) to the input", "layer (from the output)", "|dE/dW|",
            [new Series("sigmoid (Xavier init)", layers, rows.Select(r => r.SigmoidNorm).ToArray()), new Series("ReLU (He init)", layers, rows.Select(r => r.ReluNorm).ToArray())], logY: true, width: 800, height: 500, legend: ScottPlot.Alignment.LowerLeft);
        Wrote(path);
        return Task.FromResult(0);
    }
}
