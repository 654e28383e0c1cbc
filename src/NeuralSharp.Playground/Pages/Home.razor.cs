using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Data;
using NeuralSharp.Demos;
using NeuralSharp.Playground.Rendering;

namespace NeuralSharp.Playground.Pages;

/// <summary>
/// The playground (TensorFlow Playground's, on NeuralSharp): every control rebuilds a <see cref="PlaygroundModel"/> with the
/// new settings; Play trains it a slice of updates at a time and redraws between slices, so the page stays responsive.
/// </summary>
public partial class Home : IDisposable
{
    private const int UpdatesPerSlice = 20;
    private const int MapResolution = 48;
    private const int UnitResolution = 16;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly double[] LearningRates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
    private static readonly double[] PenaltyRates = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1];

    private readonly List<PlaneFeature> features = [PlaneFeature.X1, PlaneFeature.X2];
    private readonly List<int> hidden = [4, 2];
    private readonly List<double> trainLosses = [];
    private readonly List<double> testLosses = [];
    private PlaygroundModel model = new(new PlaygroundSettings());
    private List<(double X, double Y, int Label, bool Test)> points = [];
    private List<string> unitImages = [];
    private string decisionImage = string.Empty;
    private bool playing;
    private bool showTest;
    private bool disposed;
    private double updatesPerSecond;
    private double longestFrameMs;

    private PlaneDataset Dataset { get; set; } = PlaneDataset.Circle;

    private int NoisePercent { get; set; }

    private int TestPercent { get; set; } = 50;

    private int BatchSize { get; set; } = 10;

    private int Seed { get; set; } = 1;

    private string Activation { get; set; } = "tanh";

    private double LearningRate { get; set; } = 0.03;

    private string Optimizer { get; set; } = "sgd";

    private Regularization Penalty { get; set; }

    private double PenaltyRate { get; set; }

    private int DropoutPercent { get; set; }

    /// <inheritdoc/>
    public void Dispose()
    {
        disposed = true;
        playing = false;
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    protected override void OnInitialized() => Rebuild();

    private static string FeatureName(PlaneFeature f) => f switch
    {
        PlaneFeature.X1 => "x₁",
        PlaneFeature.X2 => "x₂",
        PlaneFeature.X1Squared => "x₁²",
        PlaneFeature.X2Squared => "x₂²",
        PlaneFeature.X1TimesX2 => "x₁x₂",
        PlaneFeature.SinX1 => "sin x₁",
        PlaneFeature.SinX2 => "sin x₂",
    };

    private static string Polyline(List<double> losses)
    {
        if (losses.Count == 0)
        {
            return string.Empty;
        }

        var top = Math.Max(1e-9, Math.Max(0.8, losses.Max()));
        return string.Join(' ', losses.Select((l, i) => string.Create(Invariant,
            $"{300.0 * i / Math.Max(1, losses.Count - 1):F1},{100 - (98 * Math.Min(l, top) / top):F1}")));
    }

    private int UnitIndex(int layer, int unit) => hidden.Take(layer).Sum() + unit;

    private void Rebuild()
    {
        if (features.Count == 0)
        {
            features.Add(PlaneFeature.X1);
        }

        model = new PlaygroundModel(new PlaygroundSettings
        {
            Dataset = Dataset,
            Noise = NoisePercent / 100.0,
            TestShare = TestPercent / 100.0,
            BatchSize = BatchSize,
            Seed = Math.Max(1, Seed),
            Features = [.. features.Order()],
            Hidden = [.. hidden],
            Activation = Activation,
            LearningRate = LearningRate,
            Optimizer = Optimizer,
            Regularization = Penalty,
            RegularizationRate = PenaltyRate,
            Dropout = DropoutPercent / 100.0,
        });
        points = [.. Points(model.Train, test: false), .. Points(model.Test, test: true)];
        trainLosses.Clear();
        testLosses.Clear();
        Redraw();
    }

    private static IEnumerable<(double, double, int, bool)> Points(TensorDataset data, bool test)
    {
        var xy = data.Inputs.ToArray();
        return Enumerable.Range(0, data.Count).Select(i => ((double)xy[2 * i], (double)xy[(2 * i) + 1], data.Labels![i], test));
    }

    private void Redraw()
    {
        trainLosses.Add(model.TrainLoss);
        testLosses.Add(model.TestLoss);
        if (trainLosses.Count > 300)
        {
            trainLosses.RemoveAt(0);
            testLosses.RemoveAt(0);
        }

        decisionImage = BitmapImage.DataUrl(model.Probabilities(MapResolution), MapResolution, p => (2 * p) - 1);
        unitImages = [.. model.UnitOutputs(UnitResolution).Select(u =>
        {
            // Unbounded activations (ReLU, linear) are scaled by their largest magnitude on the grid.
            var scale = Activation is "tanh" ? 1 : Activation is "sigmoid" ? 0 : Math.Max(1e-6, u.Max(Math.Abs));
            return BitmapImage.DataUrl(u, UnitResolution, v => Activation == "sigmoid" ? (2 * v) - 1 : v / scale);
        })];
    }

    private void StepOnce()
    {
        model.Step(UpdatesPerSlice);
        Redraw();
    }

    private async Task TogglePlay()
    {
        if (playing)
        {
            playing = false;
            return;
        }

        playing = true;
        var clock = Stopwatch.StartNew();
        var startUpdates = model.Updates;
        longestFrameMs = 0;
        while (playing && !disposed)
        {
            var frame = Stopwatch.StartNew();
            var current = model;
            current.Step(UpdatesPerSlice);
            Redraw();
            longestFrameMs = Math.Max(longestFrameMs, frame.Elapsed.TotalMilliseconds);
            updatesPerSecond = (model.Updates - startUpdates) / Math.Max(1e-3, clock.Elapsed.TotalSeconds);
            StateHasChanged();

            // Hands the thread back to the browser, which paints and handles clicks before the next slice.
            await Task.Delay(1);
            if (!ReferenceEquals(current, model))
            {
                // A control rebuilt the model: keep playing the new one, timing afresh.
                clock.Restart();
                startUpdates = model.Updates;
            }
        }
    }

    private void ToggleFeature(PlaneFeature feature, bool on)
    {
        if (on && !features.Contains(feature))
        {
            features.Add(feature);
        }
        else if (!on && features.Count > 1)
        {
            features.Remove(feature);
        }

        Rebuild();
    }

    private void ChangeLayers(int delta)
    {
        if (delta > 0 && hidden.Count < 6)
        {
            hidden.Add(2);
        }
        else if (delta < 0 && hidden.Count > 0)
        {
            hidden.RemoveAt(hidden.Count - 1);
        }

        Rebuild();
    }

    private void ChangeUnits(int layer, int delta)
    {
        hidden[layer] = Math.Clamp(hidden[layer] + delta, 1, 8);
        Rebuild();
    }
}
