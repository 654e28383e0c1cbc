using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NeuralSharp.Cli.Models;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Cli.Rendering;
using NeuralSharp.Cli.Setup;
using NeuralSharp.IO;
using NeuralSharp.Metrics;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp train</c>: trains a fully connected network and writes the model, its history and plots.</summary>
internal static class TrainCommand
{
    public const string DefaultHidden = "512,256";

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "mnist, fashion-mnist or csv:PATH", DefaultValueFactory = _ => "mnist" };
        var data = new Option<string?>("--data") { Description = "Cache folder for downloaded data sets (default: $NEURALSHARP_DATA or ~/.cache/neuralsharp)" };
        var size = new Option<int>("--size") { Description = "Image side in pixels: 28, or 16 for the 256-input variant", DefaultValueFactory = _ => 28 };
        var layers = new Option<string?>("--layers") { Description = $"Layer sizes from input to output, e.g. 784,30,10 (default: inputs,{DefaultHidden},classes)" };
        var activation = new Option<string>("--activation") { Description = "Hidden-layer activation: " + string.Join(", ", NetworkFactory.Activations), DefaultValueFactory = _ => "relu" };
        var loss = new Option<string>("--loss") { Description = "cross-entropy (softmax output) or mse (the course's quadratic cost, sigmoid output)", DefaultValueFactory = _ => "cross-entropy" };
        var optimizer = new Option<string>("--optimizer") { Description = "Optimiser: " + string.Join(", ", TrainingChoices.Optimizers), DefaultValueFactory = _ => "adam" };
        var lr = new Option<double?>("--lr") { Description = "Learning rate (default: 1e-3 for Adam and RMSProp, 1e-2 AdaGrad, 0.1 SGD, 3.0 SGD with mse)" };
        var batch = new Option<int>("--batch") { Description = "Examples per mini-batch", DefaultValueFactory = _ => 128 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training data", DefaultValueFactory = _ => 10 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout probability after each hidden layer", DefaultValueFactory = _ => 0.0 };
        var schedule = new Option<string>("--schedule")
        {
            Description = "Learning-rate schedule: none, cosine (decays to 0 over the epochs), step (x0.1 every third of the run), or auto (cosine for Adam, AdamW and RMSProp; none for the SGD family, as in the course)",
            DefaultValueFactory = _ => "auto",
        };
        var seed = new Option<int>("--seed") { Description = "Random seed for initialisation, shuffling and dropout", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string>("--out") { Description = "Folder for the model, history and plots", DefaultValueFactory = _ => "out" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar (a line per epoch instead)" };
        var modelName = new Option<string>("--model") { Description = "Architecture: " + string.Join("; ", ModelCatalog.All.Select(r => $"{r.Name} ({r.Description})")), DefaultValueFactory = _ => "mlp" };

        var command = new Command("train", "Train a fully connected network (default: a ReLU MLP with Adam on MNIST)")
        {
            dataset, data, size, modelName, layers, activation, loss, optimizer, lr, batch, epochs, dropout, schedule, seed, outDir, quiet,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var settings = new TrainSettings(
                parse.GetValue(dataset)!, parse.GetValue(data), parse.GetValue(size), parse.GetValue(layers), parse.GetValue(activation)!,
                parse.GetValue(loss)!, parse.GetValue(optimizer)!, parse.GetValue(lr), parse.GetValue(batch), parse.GetValue(epochs),
                parse.GetValue(dropout), parse.GetValue(schedule)!, parse.GetValue(seed), parse.GetValue(outDir)!, parse.GetValue(quiet) || Console.IsOutputRedirected)
            {
                Model = parse.GetValue(modelName)!,
            };
            await RunAsync(settings, cancel);
            return 0;
        });
        return command;
    }

    internal sealed record TrainSettings(
        string Dataset, string? DataRoot, int Size, string? Layers, string Activation, string Loss, string Optimizer,
        double? LearningRate, int Batch, int Epochs, double Dropout, string Schedule, int Seed, string OutDir, bool Quiet)
    {
        /// <summary>The <c>--model</c> recipe's name.</summary>
        public string Model { get; init; } = "mlp";
    }

    internal static async Task RunAsync(TrainSettings s, CancellationToken cancel)
    {
        if (s.Batch < 1 || s.Epochs < 1)
        {
            throw new ArgumentException($"--batch and --epochs must be at least 1 (got {s.Batch} and {s.Epochs})");
        }

        if (!(s.Dropout >= 0 && s.Dropout < 1))
        {
            throw new ArgumentException($"--dropout {s.Dropout}: must be in [0, 1)");
        }

        var lossFn = TrainingChoices.Loss(s.Loss);
        NetworkFactory.Activation(s.Activation); // fail on a bad name before loading data
        var recipe = ModelCatalog.Get(s.Model);
        CheckOutDir(s.OutDir); // a bad --out must not throw a whole training run away
        var source = await DataSource.LoadAsync(s.Dataset, s.DataRoot, s.Size, s.Quiet, cancel);
        if (source.Train.Count < 2 || source.Test.Count < 1)
        {
            throw new ArgumentException($"{source.Name}: {source.Train.Count + source.Test.Count} example(s) are too few to train and test on (a fifth is held out for testing): give more rows");
        }

        if (source.Classes < 2 || source.Train.Labels.Distinct().Count() < 2)
        {
            throw new ArgumentException($"{source.Name}: the training examples all have one class; a classifier needs at least two");
        }

        var generator = new Generator(s.Seed);
        var oneHot = TrainingChoices.UsesOneHotTargets(lossFn);
        var built = recipe.Build(new ModelRequest(source.Inputs, source.Classes, source.Train.Rows, source.Train.Cols, s.Layers, s.Activation, oneHot, s.Dropout, generator));
        var model = built.Network;
        var lr = s.LearningRate ?? TrainingChoices.DefaultLearningRate(s.Optimizer, lossFn);
        var optimizer = TrainingChoices.Optimizer(s.Optimizer, model.Parameters(), lr);
        var scheduleName = TrainingChoices.ResolveSchedule(s.Schedule, s.Optimizer);
        // The model is written after every epoch, so that a run stopped by Ctrl+C leaves its last complete epoch.
        var modelPath = Path.Combine(s.OutDir, "model.safetensors");
        var checkpoint = new ModelCheckpoint(modelPath, saveBestOnly: false, metadata: RunMetadata(s, source, accuracy: null));
        var callbacks = TrainingChoices.Schedule(scheduleName, optimizer, s.Epochs) is { } scheduling ? new ICallback[] { scheduling, checkpoint } : [checkpoint];
        var train = source.Train.ToTensorDataset(oneHot);
        var test = source.Test.ToTensorDataset(oneHot);

        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(source.Name)}[/]: {source.Train.Count:N0} training and {source.Test.Count:N0} test examples, {source.Inputs} inputs, {source.Classes} classes");
        AnsiConsole.MarkupLine($"{Markup.Escape(built.Description)}, {model.ParameterCount:N0} parameters; {Markup.Escape(lossFn.ToString() ?? s.Loss)}, {s.Optimizer} lr={lr.ToString(CultureInfo.InvariantCulture)} ({scheduleName} schedule), batch {s.Batch}, {s.Epochs} epochs, {Parallelism.ThreadCount} threads");

        var options = new FitOptions
        {
            Epochs = s.Epochs,
            BatchSize = s.Batch,
            Generator = generator,
            Validation = test,
            Callbacks = callbacks,
            CancellationToken = cancel,
        };
        TrainingHistory history;
        try
        {
            history = s.Quiet ? FitQuiet(model, lossFn, optimizer, train, options) : FitWithProgress(model, lossFn, optimizer, train, options);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine(checkpoint.SavedEpoch > 0
                ? $"stopped during epoch {checkpoint.SavedEpoch + 1} of {s.Epochs}: [blue]{Markup.Escape(modelPath)}[/] holds the model after epoch {checkpoint.SavedEpoch}"
                : $"stopped during epoch 1 of {s.Epochs}: no model was written");
            throw;
        }

        AnsiConsole.Write(HistoryTable.Build(history));
        var evaluation = Trainer.Evaluate(model, lossFn, test);
        var confusion = ConfusionMatrix.From(evaluation.Predictions!, evaluation.Labels!, source.Classes);
        AnsiConsole.MarkupLine($"test accuracy [bold green]{HistoryTable.Percent(evaluation.Accuracy)}[/] after {history.Epochs.Count} epochs, {history.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s of training");

        Directory.CreateDirectory(s.OutDir);
        Model.Save(model, modelPath, RunMetadata(s, source, evaluation.Accuracy ?? 0));
        AtomicWrite(Path.Combine(s.OutDir, "history.csv"), history.ToCsv());
        AtomicWrite(Path.Combine(s.OutDir, "history.json"), history.ToJson());
        WritePlots(s.OutDir, history, confusion, source, evaluation);
        AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(modelPath)}[/], history.csv, history.json, curves.png, confusion.png and misclassified.png in [blue]{Markup.Escape(s.OutDir)}[/]");
    }

    /// <summary>The <c>cli.run</c> entry that eval, predict and summary read back (see <see cref="SavedModel"/>).</summary>
    private static Dictionary<string, string> RunMetadata(TrainSettings s, DataSource source, double? accuracy)
    {
        var run = new Dictionary<string, object>
        {
            // eval and predict reload the data from this, so it must be the spec, not the display name
            // (for a CSV file that is just its path); a relative path is made absolute to work from anywhere.
            ["dataset"] = s.Dataset.StartsWith("csv:", StringComparison.OrdinalIgnoreCase) ? "csv:" + Path.GetFullPath(s.Dataset[4..]) : s.Dataset,
            ["size"] = s.Size,
            ["loss"] = s.Loss,
            ["classes"] = source.ClassNames,
        };
        if (accuracy is { } a)
        {
            run["test_accuracy"] = a;
        }

        return new Dictionary<string, string> { [SavedModel.RunKey] = JsonSerializer.Serialize(run) };
    }

    private static TrainingHistory FitQuiet(Nn.Module model, Losses.ILoss loss, Optim.Optimizer optimizer, Data.TensorDataset train, FitOptions options)
    {
        var callback = new EpochPrinter();
        return Trainer.Fit(model, loss, optimizer, train, options with { Callbacks = [.. options.Callbacks, callback] });
    }

    private static TrainingHistory FitWithProgress(Nn.Module model, Losses.ILoss loss, Optim.Optimizer optimizer, Data.TensorDataset train, FitOptions options)
    {
        TrainingHistory? history = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<int, ProgressTask>();
                var last = DateTime.MinValue;
                var progress = new SyncProgress<TrainingProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Epoch, out var task))
                    {
                        task = tasks[p.Epoch] = ctx.AddTask($"epoch {p.Epoch}/{p.Epochs}", maxValue: p.Batches);
                    }

                    task.Value = p.Batch;
                    if (p.Batch == p.Batches)
                    {
                        task.StopTask(); // stops the clock before the validation pass
                    }

                    // Redrawing the description on every batch costs more than a small batch itself.
                    if (p.Batch == p.Batches || DateTime.UtcNow - last > TimeSpan.FromMilliseconds(100))
                    {
                        last = DateTime.UtcNow;
                        task.Description = string.Create(CultureInfo.InvariantCulture,
                            $"epoch {p.Epoch}/{p.Epochs} loss {p.Loss:F4} acc {HistoryTable.Percent(p.Accuracy)} {p.ExamplesPerSecond:N0} ex/s");
                    }
                });
                history = Trainer.Fit(model, loss, optimizer, train, options with { Progress = progress });
            });
        return history!;
    }

    private sealed class EpochPrinter : ICallback
    {
        public string? OnEpochEnd(Nn.Module model, EpochRecord r)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {r.Epoch}: train loss {r.TrainLoss:F4} acc {HistoryTable.Percent(r.TrainAccuracy)}, test loss {r.ValidationLoss:F4} acc {HistoryTable.Percent(r.ValidationAccuracy)}, {r.Seconds:F2} s, {r.ExamplesPerSecond:N0} ex/s"));
            return null;
        }
    }

    private static void WritePlots(string dir, TrainingHistory history, ConfusionMatrix confusion, DataSource source, EvaluationResult evaluation)
    {
        TrainingPlots.LearningCurves(Path.Combine(dir, "curves.png"),
            history.Epochs.Select(e => e.TrainLoss).ToArray(), history.Epochs.Select(e => e.ValidationLoss ?? double.NaN).ToArray(),
            history.Epochs.Select(e => e.TrainAccuracy ?? double.NaN).ToArray(), history.Epochs.Select(e => e.ValidationAccuracy ?? double.NaN).ToArray());
        var counts = new long[confusion.Classes, confusion.Classes];
        for (var a = 0; a < confusion.Classes; a++)
        {
            for (var p = 0; p < confusion.Classes; p++)
            {
                counts[a, p] = confusion[a, p];
            }
        }

        TrainingPlots.ConfusionMatrix(Path.Combine(dir, "confusion.png"), counts, source.ClassNames);
        var wrong = Enumerable.Range(0, evaluation.Labels!.Length).Where(i => evaluation.Predictions![i] != evaluation.Labels[i]).Take(32).ToArray();
        var test = source.Test;
        TrainingPlots.ImageGrid(Path.Combine(dir, "misclassified.png"),
            wrong.Select(i => test.GetImage(i).ToArray()).ToArray(), test.Rows, test.Cols,
            wrong.Select(i => $"p:{source.ClassNames[evaluation.Predictions![i]]} t:{source.ClassNames[evaluation.Labels[i]]}").ToArray());
    }

    /// <summary>Checks, before any training, that the output folder (or the nearest existing folder above it) takes files; nothing is left behind.</summary>
    private static void CheckOutDir(string outDir)
    {
        try
        {
            var existing = Path.GetFullPath(outDir);
            while (!Directory.Exists(existing))
            {
                if (File.Exists(existing))
                {
                    throw new IOException($"'{existing}' is a file, not a folder");
                }

                existing = Path.GetDirectoryName(existing) ?? throw new IOException("no folder above it exists");
            }

            var probe = Path.Combine(existing, $".neuralsharp-probe-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"--out {outDir}: cannot write there ({e.Message})");
        }
    }

    private static void AtomicWrite(string path, string text) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        writer.Write(text);
    });
}
