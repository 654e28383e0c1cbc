using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class ConvolutionCliDemo : ICliDemo
{
    public string Name => "convolution";

    public string Description => "Max pooling's partial invariance (a one-pixel shift changes every detector value, only some pooled ones) and parameter sharing (a conv layer beside the dense one)";

    public Task<int> RunAsync(DemoContext context)
    {
        var rows = ConvolutionDemo.Pooling(seed: context.Seed);
        var width = rows.Detector.Length;
        string[] Cells(string label, double[] values) => [label, .. values.Select(v => F(v, 2))];
        string[] Marks(string label, double[] a, double[] b) => [label, .. a.Zip(b).Select(p => Math.Abs(p.First - p.Second) > 1e-9 ? "*" : "")];
        Table("Detector stage (3-wide convolution, ReLU) and max pooling (width 3, stride 1) for an input and the input moved one pixel right (Goodfellow et al. fig. 9.8)",
            ["", .. Enumerable.Range(1, width).Select(i => i.ToString(CultureInfo.InvariantCulture))],
            [
                Cells("pooled", rows.Pooled),
                Cells("detector", rows.Detector),
                Cells("shifted: pooled", rows.ShiftedPooled),
                Cells("shifted: detector", rows.ShiftedDetector),
                Marks("changed: pooled", rows.Pooled, rows.ShiftedPooled),
                Marks("changed: detector", rows.Detector, rows.ShiftedDetector),
            ]);
        Console.WriteLine($"a one-pixel shift changed {rows.DetectorChanged} of {width} detector values but only {rows.PooledChanged} of {width} pooled values");

        var sharing = ConvolutionDemo.ParameterCounts();
        string Dims(Shape s) => string.Join("x", s.ToArray());
        Table("Parameter sharing: one 5x5 kernel per output channel, used at every position, against a weight per input-output pair",
            ["layer", "input", "output", "parameters"],
            [
                ["Conv2d(1, 6, kernel 5, padding 2)", Dims(sharing.InputShape), Dims(sharing.OutputShape), sharing.Convolution.ToString("N0", CultureInfo.InvariantCulture)],
                [$"Linear({sharing.InputShape.ToArray().Aggregate(1, (a, d) => a * d)}, {sharing.OutputShape.ToArray().Aggregate(1, (a, d) => a * d)})", Dims(sharing.InputShape), Dims(sharing.OutputShape), sharing.Dense.ToString("N0", CultureInfo.InvariantCulture)],
            ]);
        Console.WriteLine($"the convolution has {sharing.Dense / (double)sharing.Convolution:N0} times fewer parameters than the dense layer");

        var path = context.OutputPath("convolution.png");
        var x = Enumerable.Range(1, width).Select(i => (double)i).ToArray();
        LineChart.SavePanels(path,
        [
            new Panel($"Detector stage: {rows.DetectorChanged} of {width} values change", "unit", "value",
                [new Series("input", x, rows.Detector), new Series("shifted one pixel right", x, rows.ShiftedDetector, Dashed: true)], Legend: ScottPlot.Alignment.LowerCenter),
            new Panel($"After max pooling (width 3): {rows.PooledChanged} of {width} change", "unit", "value",
                [new Series("input", x, rows.Pooled), new Series("shifted one pixel right", x, rows.ShiftedPooled, Dashed: true)], Legend: ScottPlot.Alignment.LowerRight),
        ]);
        Wrote(path);
        return Task.FromResult(0);
    }
}
