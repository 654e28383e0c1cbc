using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class GanCliDemo : ICliDemo
{
    public string Name => "gan";

    public string Description => "A DCGAN learns to draw MNIST digits: a grid of generated digits per epoch and the two losses";

    public int? DefaultEpochs => 8;

    public async Task<int> RunAsync(DemoContext context)
    {
        var (train, _) = await MnistForDemos.LoadAsync(context);
        var epochs = context.Epochs ?? DefaultEpochs!.Value;
        Console.WriteLine($"DCGAN on {Math.Min(8_000, train.Count):N0} MNIST training images, {epochs} epochs (--epochs), batch 64, Adam lr 1e-3 (beta1 0.5), label smoothing 0.1");
        var result = GanDemo.Run(train, epochs: epochs, seed: context.Seed, onEpoch: e =>
        {
            var path = context.OutputPath(EpochFile(e.Epoch));
            GridPlots.Tiles(path, e.Samples, 28, 28, columns: 8, scale: 3);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {e.Epoch}: discriminator loss {F(e.Means.DiscriminatorLoss)}, generator loss {F(e.Means.GeneratorLoss)}, discriminator accuracy {F(e.Means.DiscriminatorAccuracy)}; wrote {path}"));
        });
        Show(result, context);
        return 0;
    }

    /// <summary>The picture of epoch <paramref name="epoch"/>'s samples.</summary>
    internal static string EpochFile(int epoch) => string.Create(CultureInfo.InvariantCulture, $"gan-epoch-{epoch}.png");

    /// <summary>Prints the table and draws the losses (separate from the run so that tests can show a result computed on a few images).</summary>
    internal static void Show(GanResult r, DemoContext context)
    {
        Table($"DCGAN: generator {r.GeneratorParameters:N0} parameters, discriminator {r.DiscriminatorParameters:N0}; {r.Steps} steps of each on {r.TrainExamples:N0} images",
            ["epoch", "discriminator loss", "generator loss", "discriminator accuracy"],
            r.Epochs.Select(e => new[] { e.Epoch.ToString(CultureInfo.InvariantCulture), F(e.Means.DiscriminatorLoss), F(e.Means.GeneratorLoss), F(e.Means.DiscriminatorAccuracy) }));

        // Each step's losses are noisy: draw their running mean over 20 steps.
        var x = Enumerable.Range(1, r.StepLosses.Count).Select(s => (double)s).ToArray();
        var losses = new Panel("losses (running mean over 20 steps)", "step", "binary cross-entropy",
            [new Series("discriminator (real + generated)", x, Smoothed(r.StepLosses.Select(s => s.DiscriminatorLoss))),
             new Series("generator (-log D(G(z)))", x, Smoothed(r.StepLosses.Select(s => s.GeneratorLoss)))],
            Legend: ScottPlot.Alignment.UpperRight);
        var accuracy = new Panel("discriminator accuracy (running mean over 20 steps)", "step", "share told apart",
            [new Series("discriminator", x, Smoothed(r.StepLosses.Select(s => s.DiscriminatorAccuracy))),
             new Series("chance", [1, Math.Max(2, r.StepLosses.Count)], [0.5, 0.5], Dashed: true)],
            Legend: ScottPlot.Alignment.LowerRight);
        var path = context.OutputPath("gan.png");
        LineChart.SavePanels(path, [losses, accuracy], columns: 2, panelWidth: 640, panelHeight: 460);
        Wrote(path);
    }

    private static double[] Smoothed(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var result = new double[v.Length];
        double sum = 0;
        for (var i = 0; i < v.Length; i++)
        {
            sum += v[i] - (i >= 20 ? v[i - 20] : 0);
            result[i] = sum / Math.Min(i + 1, 20);
        }

        return result;
    }
}
