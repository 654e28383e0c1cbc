using ScottPlot;
using SkiaSharp;

namespace NeuralSharp.Cli.Plots;

/// <summary>One named curve of a <see cref="LineChart"/>.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values, as many as <paramref name="X"/>.</param>
/// <param name="Dashed">Draw the curve dashed (e.g. one that lies exactly on another).</param>
/// <param name="Points">Draw only the points, unjoined (data rather than a curve).</param>
internal sealed record Series(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Dashed = false, bool Points = false);

/// <summary>One chart of <see cref="LineChart.SavePanels"/>: a title, axis labels, curves, and whether either axis is logarithmic.</summary>
/// <param name="Title">The chart's title.</param>
/// <param name="XLabel">The x axis label.</param>
/// <param name="YLabel">The y axis label.</param>
/// <param name="Series">The curves.</param>
/// <param name="LogY">Plot log10(y), labelled as powers of ten.</param>
/// <param name="LogX">Plot log10(x), labelled as powers of ten.</param>
/// <param name="Legend">Where the legend sits inside the axes.</param>
/// <param name="Fraction">The y values are fractions: the axis spans [0, 1] (a little more), whatever the data.</param>
internal sealed record Panel(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Series, bool LogY = false, bool LogX = false, Alignment Legend = Alignment.LowerRight, bool Fraction = false);

/// <summary>The line chart most demos draw: several labelled curves on one pair of axes, optionally on a log scale.</summary>
internal static class LineChart
{
    /// <summary>Writes the chart to <paramref name="path"/> (through a temporary file, so a failure leaves no half PNG).</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false, int width = 900, int height = 560, Alignment legend = Alignment.LowerRight)
    {
        var plot = Build(new Panel(title, xLabel, yLabel, series.ToArray(), logY, Legend: legend));
        var temp = path + ".tmp";
        plot.SavePng(temp, width, height);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Writes several charts side by side (<paramref name="columns"/> per row), each <paramref name="panelWidth"/> x
    /// <paramref name="panelHeight"/>, into one PNG; the image is columns x panelWidth wide.
    /// </summary>
    public static void SavePanels(string path, IReadOnlyList<Panel> panels, int columns = 2, int panelWidth = 600, int panelHeight = 420)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var rows = Math.Max(1, (panels.Count + columns - 1) / columns);
        using var surface = SKSurface.Create(new SKImageInfo(columns * panelWidth, rows * panelHeight));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < panels.Count; i++)
        {
            // Each plot renders to its own image (a render clears the whole canvas), then it is placed in its cell.
            using var bitmap = SKBitmap.Decode(Build(panels[i]).GetImageBytes(panelWidth, panelHeight, ImageFormat.Png));
            surface.Canvas.DrawBitmap(bitmap, (i % columns) * panelWidth, (i / columns) * panelHeight);
        }

        TrainingPlots.SavePng(surface, path);
    }

    private static Plot Build(Panel panel)
    {
        var plot = new Plot();
        var i = 0;
        foreach (var s in panel.Series)
        {
            if (s.X.Count != s.Y.Count)
            {
                throw new ArgumentException($"series '{s.Label}': {s.X.Count} x values but {s.Y.Count} y values");
            }

            // A log axis plots log10(y); ScottPlot then labels the ticks as powers of ten.
            var ys = panel.LogY ? s.Y.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray() : s.Y.ToArray();
            var xs = panel.LogX ? s.X.Select(v => Math.Log10(Math.Max(v, 1e-300))).ToArray() : s.X.ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = s.Label;
            line.Color = Colors.Category10[i++ % Colors.Category10.Length];
            line.LineWidth = 2;
            line.MarkerSize = s.Points ? 6 : s.X.Count > 60 ? 0 : 5;
            if (s.Points)
            {
                line.LineWidth = 0;
            }

            if (s.Dashed)
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }

        if (panel.LogY)
        {
            // Under one decade of data has no power of ten inside it: label the ticks with their values instead.
            var logs = panel.Series.SelectMany(s => s.Y).Where(v => v > 0).Select(Math.Log10).ToArray();
            plot.Axes.Left.TickGenerator = logs.Length > 0 && Math.Floor(logs.Max()) == Math.Floor(logs.Min()) ? ValueTicks() : PowerOfTenTicks();
        }

        if (panel.LogX)
        {
            plot.Axes.Bottom.TickGenerator = PowerOfTenTicks();
        }
        else if (panel.Series.Count > 0 && panel.Series.All(s => s.X.All(x => x == Math.Round(x))))
        {
            // Layers, epochs, bits: no ticks between whole numbers.
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        if (panel.Fraction)
        {
            plot.Axes.SetLimitsY(-0.05, 1.05);
        }

        plot.Title(panel.Title);
        plot.XLabel(panel.LogX ? panel.XLabel + " (log scale)" : panel.XLabel);
        plot.YLabel(panel.LogY ? panel.YLabel + " (log scale)" : panel.YLabel);
        plot.ShowLegend(panel.Legend);
        return plot;
    }

    // Ticks on a log axis labelled with the values they stand for, for data within one decade.
    private static ScottPlot.TickGenerators.NumericAutomatic ValueTicks() => new()
    {
        LabelFormatter = v => Math.Pow(10, v).ToString("G2", System.Globalization.CultureInfo.InvariantCulture),
    };

    // Ticks only at whole powers of ten, with log-spaced minor ticks between them.
    private static ScottPlot.TickGenerators.NumericAutomatic PowerOfTenTicks() => new()
    {
        IntegerTicksOnly = true,
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        LabelFormatter = v => "1e" + v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture),
    };
}
