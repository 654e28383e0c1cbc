using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;

namespace NeuralSharp.Cli.Demos;

internal sealed class ParityCliDemo : ICliDemo
{
    public string Name => "parity";

    public string Description => "d-bit parity, d = 2..8: one hidden layer of AND units needs 2^(d-1), trained one-layer widths grow fast, a deep tree of XORs needs O(d)";

    public Task<int> RunAsync(DemoContext context)
    {
        var rows = ParityDemo.Run(seed: context.Seed);
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        CourseDemoOutput.Table("d-bit parity on all 2^d inputs (hand-set threshold networks checked on every input; trained: tanh, Adam, widths 1, 2, 4, ...)",
            ["d", "1 hidden layer, AND units (2^(d-1))", "correct", "1 hidden layer, smallest trained width", "deep XOR tree units", "layers", "correct"],
            rows.Select(r => new[] { I(r.Bits), I(r.DnfUnits), r.DnfCorrect ? "yes" : "NO", r.TrainedWidth is { } w ? I(w) : "> 64", I(r.DeepUnits), I(r.DeepLayers), r.DeepCorrect ? "yes" : "NO" }));
        var path = context.OutputPath("parity.png");
        var d = rows.Select(r => (double)r.Bits).ToArray();
        var trained = rows.Where(r => r.TrainedWidth is not null).ToArray();
        LineChart.Save(path, "Hidden units needed for d-bit parity", "d (bits)", "hidden units",
        [
            new Series("one layer of AND units: 2^(d-1)", d, rows.Select(r => (double)r.DnfUnits).ToArray()),
            new Series("one layer, smallest trained tanh width", trained.Select(r => (double)r.Bits).ToArray(), trained.Select(r => (double)r.TrainedWidth!.Value).ToArray()),
            new Series("deep tree of XORs", d, rows.Select(r => (double)r.DeepUnits).ToArray()),
        ], logY: true, width: 800, height: 500);
        CourseDemoOutput.Wrote(path);
        return Task.FromResult(0);
    }
}
