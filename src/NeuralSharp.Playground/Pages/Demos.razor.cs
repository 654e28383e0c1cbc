using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Demos;

namespace NeuralSharp.Playground.Pages;

/// <summary>
/// Three of the course's claims with their knobs: <see cref="VanishingGradientsDemo"/>, <see cref="UniversalApproximationDemo"/>
/// and <see cref="DeadReluDemo"/>, each called as the CLI calls it; this page only draws what they return.
/// </summary>
public partial class Demos
{
    private const int ChartWidth = 640;
    private const int ChartHeight = 240;
    private const int Left = 48;
    private const int Top = 10;
    private const int BarBase = ChartHeight - 24;

    // Smaller than the CLI's 10-64-64-1 over 384 examples: WebAssembly runs it several times slower than the desktop.
    private const int DeadWidth = 32;
    private const int DeadEpochs = 6;
    private const int DeadExamples = 256;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly double[] Rates = [0.001, 0.01, 0.03, 0.1, 0.3];

    private readonly UniversalApproximationResult universal = UniversalApproximationDemo.Run();
    private IReadOnlyList<LayerGradient> gradients = VanishingGradientsDemo.Run(depth: 8);
    private IReadOnlyList<DeadUnitsRun>? deadRuns;
    private bool deadRunning;
    private string deadStatus = "training…";

    private int Depth { get; set; } = 8;

    private string Shown { get; set; } = "both";

    private int FitIndex { get; set; } = 2;

    private double Rate { get; set; } = 0.1;

    private UniversalFit Fit => universal.Fits[FitIndex];

    private string[] Series => Shown == "both" ? ["sigmoid", "relu"] : [Shown];

    private double Slot => (ChartWidth - Left - 10) / (double)gradients.Count;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await RunDead();
        }
    }

    private static string F(double value) => value.ToString("F1", Invariant);

    private void RunVanishing() => gradients = VanishingGradientsDemo.Run(depth: Depth);

    private async Task RunDead()
    {
        deadRunning = true;
        deadStatus = "training…";
        StateHasChanged();
        await Task.Delay(1); // lets the browser paint the status before the training holds the thread
        var clock = Stopwatch.StartNew();
        deadRuns = DeadReluDemo.Run(largeRate: Rate, epochs: DeadEpochs, examples: DeadExamples, width: DeadWidth);
        deadStatus = $"trained 5 networks in {clock.ElapsedMilliseconds} ms";
        deadRunning = false;
        StateHasChanged();
    }

    private string Ratio(Func<LayerGradient, double> norm) => (norm(gradients[^1]) / norm(gradients[0])).ToString("G2", Invariant);

    private double BarX(int layer) => Left + ((layer - 1) * Slot);

    // The log-scale axis spans whole decades around every norm shown.
    private (int Low, int High) Decades()
    {
        var norms = gradients.SelectMany(g => Series.Select(s => Norm(g, s))).Where(n => n > 0).ToArray();
        return norms.Length == 0 ? (-1, 0) : ((int)Math.Floor(Math.Log10(norms.Min())), (int)Math.Ceiling(Math.Log10(norms.Max())));
    }

    private double LogY(double norm)
    {
        var (low, high) = Decades();
        var t = (Math.Log10(Math.Max(norm, Math.Pow(10, low))) - low) / Math.Max(1, high - low);
        return BarBase - (t * (BarBase - Top));
    }

    private IEnumerable<(int Tick, double Y)> Ticks()
    {
        var (low, high) = Decades();
        var step = Math.Max(1, (high - low) / 6);
        for (var d = low; d <= high; d += step)
        {
            yield return (d, LogY(Math.Pow(10, d)));
        }
    }

    private IEnumerable<(int Layer, string Series, double Norm, double X, double Y, double Width)> Bars()
    {
        var series = Series;
        var width = (Slot * 0.8) / series.Length;
        foreach (var g in gradients)
        {
            for (var s = 0; s < series.Length; s++)
            {
                var norm = Norm(g, series[s]);
                yield return (g.Layer, series[s], norm, BarX(g.Layer) + (Slot * 0.1) + (s * width), LogY(norm), width);
            }
        }
    }

    private static double Norm(LayerGradient g, string series) => series == "sigmoid" ? g.SigmoidNorm : g.ReluNorm;

    private string Curve(double[] y)
    {
        var low = universal.Target.Min() - 0.5;
        var high = universal.Target.Max() + 0.5;
        var x = universal.X;
        return string.Join(' ', x.Select((v, i) =>
        {
            var px = Left + ((v - x[0]) / (x[^1] - x[0]) * (ChartWidth - Left - 10));
            var py = BarBase - ((Math.Clamp(y[i], low, high) - low) / (high - low) * (BarBase - Top));
            return string.Create(Invariant, $"{px:F1},{py:F1}");
        }));
    }
}
