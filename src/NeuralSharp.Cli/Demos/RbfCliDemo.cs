using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class RbfCliDemo : ICliDemo
{
    public string Name => "rbf";

    public string Description => "Radial basis function networks beside the MLP: a curve fitted in one least-squares pass against Adam-trained tanh units, and two rings no line separates";

    public Task<int> RunAsync(DemoContext context)
    {
        var result = RbfDemo.Run(context.Seed);
        Table("sin(2x) + 0.3x^2 from 60 noisy points on [-3, 3]: error on the noise-free curve",
            ["model", "units", "parameters", "test MSE", "fitted by"],
            result.Regression.Select(r => new[] { r.Model, I(r.HiddenUnits), I(r.Parameters), G(r.TestMse), r.Training }));
        Table("two concentric rings (200 training, 400 test points), one-hot targets",
            ["model", "parameters", "train accuracy", "test accuracy"],
            result.Classification.Select(r => new[] { r.Model, I(r.Parameters), P(r.TrainAccuracy), P(r.TestAccuracy) }));

        var c = result.Curves;
        var floor = c.Target.Min() - 0.4;
        var fits = new Panel($"{RbfDemo.PictureUnits} units each: the fitted curves", "x", "y",
        [
            new Series("training points", c.TrainX, c.TrainY, Points: true),
            new Series("target", c.GridX, c.Target, Dashed: true),
            new Series($"RBF ({RbfDemo.PictureUnits} centres, least squares)", c.GridX, c.Rbf),
            new Series($"MLP ({RbfDemo.PictureUnits} tanh units, Adam)", c.GridX, c.Mlp),
            new Series("best line", c.GridX, c.Linear),
            new Series("RBF centres (k-means)", c.Centres, c.Centres.Select(_ => floor).ToArray(), Points: true),
        ], Legend: ScottPlot.Alignment.UpperCenter);
        Series Errors(string model) => new(model,
            result.Regression.Where(r => r.Model == model).Select(r => (double)r.Parameters).ToArray(),
            result.Regression.Where(r => r.Model == model).Select(r => r.TestMse).ToArray());
        var errors = new Panel("test error against parameter count", "parameters", "test MSE", [Errors("RBF"), Errors("MLP (tanh)")], LogY: true, Legend: ScottPlot.Alignment.UpperRight);
        var path = context.OutputPath("rbf.png");
        LineChart.SavePanels(path, [fits, errors], columns: 2, panelWidth: 640, panelHeight: 460);
        Wrote(path);
        return Task.FromResult(0);
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
}
