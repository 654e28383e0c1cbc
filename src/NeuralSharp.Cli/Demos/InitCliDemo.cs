using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class InitCliDemo : ICliDemo
{
    public string Name => "init";

    public string Description => "Activation spread per layer of a deep ReLU network under each initialiser (small Gaussian, 1/sqrt(fan_in), Xavier, He, LeCun)";

    public Task<int> RunAsync(DemoContext context)
    {
        var runs = InitializationDemo.Run(seed: context.Seed);
        var depth = runs[0].Std.Count - 1;
        Table("std of the ReLU outputs per layer (10 layers of 256, a batch of 256 N(0, 1) inputs; layer 0 is the input)",
            ["layer", .. runs.Select(r => r.Name)],
            Enumerable.Range(0, depth + 1).Select(l => new[] { l.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(runs.Select(r => G(r.Std[l]))).ToArray()));
        Console.WriteLine("on square layers 1/sqrt(fan_in), Xavier and LeCun have the same variance (LeCun is truncated); only He keeps the spread through ReLU layers.");
        var path = context.OutputPath("init.png");
        var layers = Enumerable.Range(0, depth + 1).Select(l => (double)l).ToArray();
        LineChart.Save(path, "Activation spread per layer, deep ReLU network", "layer", "std of activations", runs.Select(r => new Series(r.Name, layers, r.Std)), logY: true, width: 800, height: 500, legend: ScottPlot.Alignment.LowerLeft);
        Wrote(path);
        return Task.FromResult(0);
    }
}
