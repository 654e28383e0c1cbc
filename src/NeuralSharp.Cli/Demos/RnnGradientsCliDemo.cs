using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class RnnGradientsCliDemo : ICliDemo
{
    public string Name => "rnn-gradients";

    public string Description => "Through time, dh(t)/dh(0) = W^t vanishes or explodes like the spectral radius of W to the power t (0.9 against 1.1)";

    public Task<int> RunAsync(DemoContext context)
    {
        var curves = RnnGradientsDemo.Run(seed: context.Seed);
        int[] shown = [0, 5, 10, 20, 30, 40, 50];
        Table("h(t) = W h(t-1) with one random 32 x 32 W rescaled to each spectral radius: ||dh(t)/dh(0)||_F / sqrt(32), and rho^t beside it",
            ["t", .. curves.SelectMany(c => new[] { $"rho {F(c.SpectralRadius, 1)}: norm", $"rho^t" })],
            shown.Select(t => new[] { t.ToString(CultureInfo.InvariantCulture) }
                .Concat(curves.SelectMany(c => new[] { G(c.Norms[t]), G(Math.Pow(c.SpectralRadius, t)) })).ToArray()));
        Console.WriteLine($"after 50 steps: {string.Join(", ", curves.Select(c => $"rho {F(c.SpectralRadius, 1)} gives {G(c.Norms[^1])}"))}");
        var path = context.OutputPath("rnn-gradients.png");
        var steps = Enumerable.Range(0, curves[0].Norms.Length).Select(t => (double)t).ToArray();
        LineChart.Save(path, "Gradient through time in a linear recurrence", "time steps t", "||dh(t)/dh(0)||",
            [.. curves.Select(c => new Series($"spectral radius {F(c.SpectralRadius, 1)}", steps, c.Norms))], logY: true, width: 800, height: 500, legend: ScottPlot.Alignment.UpperLeft);
        Wrote(path);
        return Task.FromResult(0);
    }
}
