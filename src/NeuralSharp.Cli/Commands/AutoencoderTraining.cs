using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Cli.Rendering;
using NeuralSharp.Cli.Setup;
using NeuralSharp.Data;
using NeuralSharp.Generative;
using NeuralSharp.IO;
using NeuralSharp.Losses;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary>
/// <c>neuralsharp train --model autoencoder</c>: a dense autoencoder on the images, each image its own target. Writes the
/// model, its history and learning curves, the test images beside their reconstructions, and the test set's 2-D codes
/// coloured by class; prints the reconstruction error beside that of the mean image.
/// </summary>
internal static class AutoencoderTraining
{
    public const string Name = "autoencoder";
    public const string DefaultLayers = "784,256,64,2";
    public const string ReconstructionsFile = "reconstructions.png", EmbeddingFile = "embedding.png";

    public static async Task RunAsync(TrainCommand.TrainSettings s, CancellationToken cancel)
    {
        if (s.InitFrom is not null || s.Teacher is not null || s.Loss is not null)
        {
            throw new ArgumentException("--model autoencoder trains on reconstruction (mean squared error): --loss, --init-from and --teacher do not apply");
        }

        var source = await DataSource.LoadAsync(s.Dataset, s.DataRoot, s.Size, s.Quiet || Console.IsOutputRedirected, cancel, new DataOptions { Seed = s.Seed });
        if (!source.IsImage)
        {
            throw new ArgumentException($"--model autoencoder reconstructs images (mnist, fashion-mnist); {source.Name} is a table");
        }

        var sizes = (s.Layers ?? DefaultLayers.Replace("784", source.Inputs.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Split(',').Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
                : throw new ArgumentException($"--layers {s.Layers}: sizes must be positive whole numbers")).ToArray();
        if (sizes.Length < 2 || sizes[0] != source.Inputs)
        {
            throw new ArgumentException($"--layers {s.Layers}: an autoencoder's layers run from the {source.Inputs} pixels to the code, e.g. {DefaultLayers}");
        }

        var generator = new Generator(s.Seed);
        var model = AutoencoderNetworks.Dense(source.Inputs, sizes[1..^1], sizes[^1], generator);
        var train = Tensor.FromArray(source.Train.Features, source.Train.Count, source.Inputs);
        var test = Tensor.FromArray(source.Test.Features, source.Test.Count, source.Inputs);
        var lr = s.LearningRate ?? 2e-3;
        var optimizer = TrainingChoices.Optimizer(s.Optimizer, model.Parameters(), lr);
        var modelPath = Path.Combine(s.OutDir, "model.safetensors");
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(source.Name)}[/]: {source.Train.Count:N0} training and {source.Test.Count:N0} test images, each its own target");
        AnsiConsole.MarkupLine($"dense autoencoder {string.Join('-', sizes)}-...-{source.Inputs} ({sizes[^1]}-unit code), {model.ParameterCount:N0} parameters; MSE, {s.Optimizer} lr={lr.ToString(CultureInfo.InvariantCulture)}, batch {s.Batch}, {s.Epochs} epochs");
        var history = Trainer.Fit(model, new MseLoss(), optimizer, new TensorDataset(train, train), new FitOptions
        {
            Epochs = s.Epochs,
            BatchSize = s.Batch,
            Generator = generator,
            Validation = new TensorDataset(test, test),
            Callbacks = [new ModelCheckpoint(modelPath, saveBestOnly: false)],
            CancellationToken = cancel,
        });
        AnsiConsole.Write(HistoryTable.Build(history));

        var meanImage = train.Mean(0, keepDim: true);
        var meanError = Loss.MeanSquaredError(Tensor.ZerosLike(test) + meanImage, test).ItemAsDouble();
        var error = history.Epochs[^1].ValidationLoss ?? double.NaN;
        var result = string.Create(CultureInfo.InvariantCulture,
            $"test reconstruction MSE [bold green]{error:F4}[/], the mean image's {meanError:F4} ({error / meanError:F2} of it), after {history.Epochs.Count} epochs, {history.TotalSeconds:F1} s of training");

        Directory.CreateDirectory(s.OutDir);
        Model.Save(model, modelPath);
        TrainingPlots.LearningCurves(Path.Combine(s.OutDir, "curves.png"),
            [.. history.Epochs.Select(e => e.TrainLoss)], [.. history.Epochs.Select(e => e.ValidationLoss ?? double.NaN)],
            [.. history.Epochs.Select(_ => double.NaN)], [.. history.Epochs.Select(_ => double.NaN)]);
        WriteReconstructions(Path.Combine(s.OutDir, ReconstructionsFile), model, test, source);
        WriteEmbedding(Path.Combine(s.OutDir, EmbeddingFile), model, test, source);
        AtomicFile.WriteAllText(Path.Combine(s.OutDir, "history.csv"), history.ToCsv());
        AtomicFile.WriteAllText(Path.Combine(s.OutDir, "history.json"), history.ToJson());
        JsonReport.Report(new System.Text.Json.Nodes.JsonObject
        {
            ["model"] = Path.GetFullPath(modelPath),
            ["test_mse"] = error,
            ["mean_image_mse"] = meanError,
            ["seconds"] = history.TotalSeconds,
        });
        AnsiConsole.MarkupLine(result);
        AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(modelPath)}[/], history.csv, history.json, curves.png, {ReconstructionsFile}, {EmbeddingFile} in [blue]{Markup.Escape(s.OutDir)}[/]");
    }

    /// <summary>The first test image of each class over its reconstruction.</summary>
    private static void WriteReconstructions(string path, Autoencoder model, Tensor test, DataSource source)
    {
        var labels = source.Test.Labels!;
        int[] shown = [.. Enumerable.Range(0, source.Classes).Select(c => Array.IndexOf(labels, c)).Where(i => i >= 0)];
        var inputs = Trainer.Predict(model, test.IndexSelect(0, shown));
        IReadOnlyList<float[]> originals = [.. shown.Select(source.Test.Row)];
        IReadOnlyList<float[]> rebuilt = [.. Enumerable.Range(0, shown.Length).Select(i => inputs.Narrow(0, i, 1).ToArray())];
        var size = (source.Test.Rows, source.Test.Cols);
        GridPlots.ImageRows(path, ["test images", "reconstructions"], [originals, rebuilt], [size, size]);
    }

    /// <summary>The test images' codes (their first two units) as points coloured by class.</summary>
    private static void WriteEmbedding(string path, Autoencoder model, Tensor test, DataSource source)
    {
        var codes = Trainer.Predict(model.Encoder, test);
        var width = codes.Shape[1];
        var c = codes.ToDoubleArray();
        var labels = source.Test.Labels!;
        var series = Enumerable.Range(0, source.Classes).Select(k =>
        {
            var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == k).ToArray();
            return new Series(source.ClassNames[k], [.. members.Select(i => c[i * width])], [.. members.Select(i => width > 1 ? c[(i * width) + 1] : 0)], Points: true);
        }).Where(p => p.X.Count > 0).ToArray();
        LineChart.SavePanels(path, [new Plots.Panel($"codes of {labels.Length:N0} test images, by class", "code unit 1", width > 1 ? "code unit 2" : "-", series, Legend: ScottPlot.Alignment.UpperRight)],
            columns: 1, panelWidth: 760, panelHeight: 620);
    }
}
