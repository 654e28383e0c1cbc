using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using static NeuralSharp.Cli.Demos.CourseDemoOutput;

namespace NeuralSharp.Cli.Demos;

internal sealed class AutoencoderCliDemo : ICliDemo
{
    public string Name => "autoencoder";

    public string Description => "Autoencoders on MNIST: a 2-unit code drawn by class, convolutional and denoising reconstructions, against the mean image";

    public int? DefaultEpochs => 8;

    public async Task<int> RunAsync(DemoContext context)
    {
        var (train, test) = await MnistForDemos.LoadAsync(context);
        Show(AutoencoderDemo.Run(train, test, epochs: context.Epochs ?? DefaultEpochs!.Value, seed: context.Seed), context);
        return 0;
    }

    /// <summary>Prints the tables and draws the pictures (separate from the run so that tests can show a result computed on a few images).</summary>
    internal static void Show(AutoencoderResult r, DemoContext context)
    {
        var epochs = r.Runs[0].TrainLoss.Count;
        Table($"reconstruction MSE per epoch ({r.TrainExamples:N0} training images, {r.TestExamples:N0} test images; the denoiser sees noise of std {F(r.NoiseStd, 1)})",
            ["epoch", .. r.Runs.SelectMany(run => new[] { $"{run.Name}: train", "test" }), "variational: train -ELBO", "test"],
            Enumerable.Range(0, epochs).Select(e => new[] { (e + 1).ToString(CultureInfo.InvariantCulture) }
                .Concat(r.Runs.SelectMany(run => new[] { F(run.TrainLoss[e], 4), F(run.TestLoss[e], 4) }))
                .Concat([F(r.Vae.TrainBound[e], 1), F(r.Vae.TestLoss[e], 4)]).ToArray()));
        Table("test reconstruction error",
            ["autoencoder", "code units", "parameters", "test MSE", "/ mean image's"],
            r.Runs.Select(run => new[] { run.Name, run.Code.ToString(CultureInfo.InvariantCulture), run.Parameters.ToString("N0", CultureInfo.InvariantCulture), F(run.TestError, 4), F(run.TestError / r.MeanImageError) })
                .Append([Variational, "2", r.Vae.Parameters.ToString("N0", CultureInfo.InvariantCulture), F(r.Vae.TestError, 4), F(r.Vae.TestError / r.MeanImageError)]));
        Console.WriteLine($"the mean image: test MSE {F(r.MeanImageError, 4)}");
        Console.WriteLine($"linear probe on the 2-D codes: test accuracy {F(r.ProbeOnCodes)}; on 2 random projections of the pixels: {F(r.ProbeOnProjections)}");

        var losses = new Panel("reconstruction loss", "epoch", "test MSE",
            [.. r.Runs.Select(run => new Series(run.Name, Epochs(epochs), run.TestLoss)),
             new Series(Variational + " (posterior means)", Epochs(epochs), r.Vae.TestLoss),
             new Series("the mean image", [1, epochs], [r.MeanImageError, r.MeanImageError], Dashed: true)],
            Legend: ScottPlot.Alignment.UpperRight);
        var classes = r.CodeLabels.Distinct().Order().ToArray();
        var embedding = new Panel($"2-D codes of {r.TestExamples:N0} test digits ({AutoencoderDemo.Dense})", "code unit 1", "code unit 2",
            [.. classes.Select(c =>
            {
                var points = r.Codes.Where((_, i) => r.CodeLabels[i] == c).ToArray();
                return new Series(c.ToString(CultureInfo.InvariantCulture), [.. points.Select(p => p[0])], [.. points.Select(p => p[1])], Points: true);
            })],
            Legend: ScottPlot.Alignment.UpperRight);
        var path = context.OutputPath("autoencoder.png");
        LineChart.SavePanels(path, [losses, embedding], columns: 2, panelWidth: 640, panelHeight: 520);
        Wrote(path);

        var size = (int)Math.Round(Math.Sqrt(r.Inputs[0].Length));
        var titles = new[] { "test images" }.Concat(r.Runs.Take(2).Select(run => $"{run.Name} ({run.Code} units)"))
            .Concat([$"with noise (std {F(r.NoiseStd, 1)})", $"{r.Runs[2].Name} ({r.Runs[2].Code} units)", $"{Variational} (2 units)", $"{Variational}: new digits, codes drawn from N(0, I)"]).ToArray();
        IReadOnlyList<float[]>[] rows = [r.Inputs, r.Runs[0].Reconstructions, r.Runs[1].Reconstructions, r.NoisyInputs, r.Runs[2].Reconstructions, r.Vae.Reconstructions, r.Vae.Samples];
        var pictures = context.OutputPath("autoencoder-reconstructions.png");
        GridPlots.ImageRows(pictures, titles, rows, [.. rows.Select(_ => (size, size))]);
        Wrote(pictures);
    }

    private const string Variational = "variational";

    private static double[] Epochs(int count) => [.. Enumerable.Range(1, count).Select(e => (double)e)];
}
