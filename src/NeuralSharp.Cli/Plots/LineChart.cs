using ScottPlot;

namespace NeuralSharp.Cli.Plots;

/// <summary>One named curve of a <see cref="LineChart"/>.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values, as many as <paramref name="X"/>.</param>
internal sealed record Series(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>The line chart most demos draw: several labelled curves on one pair of axes, optionally on a log scale.</summary>
internal static class LineChart
{
    /// <summary>Writes the chart to <paramref name="path"/> (through a temporary file, so a failure leaves no half PNG).</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false, int width = 900, int height = 560)
    {
        var plot = new Plot();
        var i = 0;
        foreach (var s in series)
        {
            if (s.X.Count != s.Y.Count)
            {
                throw new ArgumentException($"series '{s.Label}': {s.X.Count} x values but {s.Y.Count} y values");
            }

            // A log axis plots log10(y); ScottPlot then labels the ticks as powers of ten.
            var ys = logY ? s.Y.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray() : s.Y.ToArray();
            var line = plot.Add.Scatter(s.X.ToArray(), ys);
            line.LegendText = s.Label;
            line.Color = Colors.Category10[i++ % Colors.Category10.Length];
            line.LineWidth = 2;
            line.MarkerSize = s.X.Count > 60 ? 0 : 5;
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = v => "1e" + v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(logY ? yLabel + " (log scale)" : yLabel);
        plot.ShowLegend();
        var temp = path + ".tmp";
        plot.SavePng(temp, width, height);
        File.Move(temp, path, overwrite: true);
    }
}
