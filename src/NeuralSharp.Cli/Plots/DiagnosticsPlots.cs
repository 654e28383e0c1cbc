using NeuralSharp.Diagnostics;

namespace NeuralSharp.Cli.Plots;

/// <summary>The pictures of <c>train --diagnostics</c>: gradient histograms per layer, and per-layer figures across epochs.</summary>
internal static class DiagnosticsPlots
{
    public const string GradientsFile = "diagnostics-gradients.png";
    public const string LayersFile = "diagnostics-layers.png";

    /// <summary>Writes both PNGs into <paramref name="dir"/> and returns their names.</summary>
    public static IEnumerable<string> Write(string dir, IReadOnlyList<DiagnosticsEpoch> epochs)
    {
        if (epochs.Count == 0)
        {
            return [];
        }

        Gradients(Path.Combine(dir, GradientsFile), epochs);
        Layers(Path.Combine(dir, LayersFile), epochs);
        return [GradientsFile, LayersFile];
    }

    /// <summary>
    /// The back-propagated gradients at each activation layer (every layer when there are none), first and last epoch, as
    /// normalised histograms in the style of Glorot and Bengio (2010): vanishing gradients show as narrowing curves towards the input.
    /// </summary>
    private static void Gradients(string path, IReadOnlyList<DiagnosticsEpoch> epochs)
    {
        Panel PanelOf(DiagnosticsEpoch epoch) => new(
            $"Back-propagated gradients, epoch {epoch.Epoch}", "gradient of the loss at the layer's output", "share of values",
            [.. Shown(epoch).Where(l => l.Gradients is { Total: > 0 }).Select(l => HistogramSeries($"{l.Name} {l.Type}", l.Gradients!))],
            Legend: ScottPlot.Alignment.UpperRight);
        var panels = epochs.Count == 1 ? new[] { PanelOf(epochs[0]) } : [PanelOf(epochs[0]), PanelOf(epochs[^1])];
        LineChart.SavePanels(path, panels, columns: panels.Length);
    }

    /// <summary>Per layer across epochs: active fraction, dead units, gradient norm; per weight: the update-to-weight ratio.</summary>
    private static void Layers(string path, IReadOnlyList<DiagnosticsEpoch> epochs)
    {
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var layers = Shown(epochs[0]).Select(l => (l.Name, l.Type)).ToArray();
        Series PerLayer((string Name, string Type) layer, Func<LayerStatistics, double> value) =>
            new($"{layer.Name} {layer.Type}", x, [.. epochs.Select(e => value(e.Layers.First(l => l.Name == layer.Name)))]);
        var weights = epochs[0].Parameters.Where(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Select(p => p.Name).ToArray();
        LineChart.SavePanels(path,
        [
            new Panel("Active units (outputs above zero)", "epoch", "fraction", [.. layers.Select(l => PerLayer(l, s => s.ActiveFraction))], Legend: ScottPlot.Alignment.UpperRight, Fraction: true),
            new Panel("Dead units (no gradient on any example)", "epoch", "fraction", [.. layers.Select(l => PerLayer(l, s => s.DeadFraction ?? 0))], Legend: ScottPlot.Alignment.UpperRight, Fraction: true),
            new Panel("Gradient norm at each layer's output", "epoch", "L2 norm", [.. layers.Select(l => PerLayer(l, s => Math.Max(s.GradientNorm, 1e-12)))], LogY: true, Legend: ScottPlot.Alignment.UpperRight),
            new Panel("Update-to-weight ratio per step", "epoch", "|update| / |weight|",
                [.. weights.Select(w => new Series(w, x, [.. epochs.Select(e => Math.Max(e.Parameters.First(p => p.Name == w).UpdateRatio, 1e-12))]))], LogY: true, Legend: ScottPlot.Alignment.UpperRight),
        ]);
    }

    private static IEnumerable<LayerStatistics> Shown(DiagnosticsEpoch epoch) =>
        epoch.Layers.Any(l => l.IsActivation) ? epoch.Layers.Where(l => l.IsActivation) : epoch.Layers;

    private static Series HistogramSeries(string label, Histogram histogram)
    {
        var total = Math.Max(1, histogram.Total);
        return new Series(label, [.. Enumerable.Range(0, histogram.Counts.Length).Select(histogram.Centre)], [.. histogram.Counts.Select(c => c / (double)total)]);
    }
}
