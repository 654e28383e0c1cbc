using NeuralSharp.Cli.Plots;
using NeuralSharp.Cli.Setup;
using NeuralSharp.Demos;
using NeuralSharp.Nn;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class ActivationsCliDemo : ICliDemo
{
    public string Name => "activations";

    public string Description => "Every activation function (--activation's list, plus the step) and its derivative by autograd, in one figure";

    public Task<int> RunAsync(DemoContext context)
    {
        var curves = ActivationsDemo.Run(NetworkFactory.Activations.Select(n => (n, NetworkFactory.Activation(n))).Append(("step", new Step())));
        double At(ActivationCurve c, double[] v, double x) => v[Array.FindIndex(c.X, p => Math.Abs(p - x) < 1e-9)];
        Table("f and f' (autograd) at a few points",
            ["activation", "f(-2)", "f(0)", "f(2)", "f'(-2)", "f'(0)", "f'(2)"],
            curves.Select(c => new[] { c.Name, F(At(c, c.Y, -2)), F(At(c, c.Y, 0)), F(At(c, c.Y, 2)), F(At(c, c.Derivative, -2)), F(At(c, c.Derivative, 0)), F(At(c, c.Derivative, 2)) }));
        var path = context.OutputPath("activations.png");
        LineChart.SavePanels(path,
        [
            new Panel("Activation functions f(x)", "x", "f(x)", curves.Select(c => new Series(c.Name, c.X, c.Y)).ToArray()),
            new Panel("Their derivatives f'(x), by autograd", "x", "f'(x)", curves.Select(c => new Series(c.Name, c.X, c.Derivative)).ToArray(), Legend: ScottPlot.Alignment.MiddleLeft),
        ], columns: 2, panelWidth: 640, panelHeight: 480);
        Wrote(path);
        return Task.FromResult(0);
    }
}
