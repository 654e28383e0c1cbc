using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class LinearCollapseCliDemo : ICliDemo
{
    public string Name => "linear-collapse";

    public string Description => "A deep network without non-linearities equals one linear map: multiply the weight matrices out and compare";

    public Task<int> RunAsync(DemoContext context)
    {
        var r = LinearCollapseDemo.Run(seed: context.Seed);
        Table($"layers {string.Join("-", r.Sizes)} (float64), 200 random inputs; W = W_{r.Layers} ... W_1, b composed likewise",
            ["network", "max |deep(x) - (Wx + b)|", "max |deep(x)|"],
            [["no activations", G(r.MaxDifference), G(r.MaxOutput)], ["ReLU between layers", G(r.ReluMaxDifference), ""]]);
        Console.WriteLine("without non-linearities the deep network and the one product map agree to rounding; with ReLU they do not.");
        var path = context.OutputPath("linear-collapse.png");
        LineChart.Save(path, "First output along a line x0 + t v through input space", "t", "output 1",
            [new Series("deep linear network", r.T, r.Deep), new Series("collapsed W x + b (dashed: on the deep one)", r.T, r.Collapsed, Dashed: true), new Series("same weights with ReLU", r.T, r.Relu)], width: 800, height: 500);
        Wrote(path);
        return Task.FromResult(0);
    }
}
