using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralSharp.Cli.Models;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Cli.Rendering;
using NeuralSharp.Cli.Setup;
using NeuralSharp.Data;
using NeuralSharp.Data.Transforms;
using NeuralSharp.IO;
using NeuralSharp.Metrics;
using NeuralSharp.TensorBoard;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp train</c>: trains a fully connected network and writes the model, its history and plots.</summary>
internal static class TrainCommand
{
    public const string DefaultHidden = "512,256";

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = "mnist, fashion-mnist or csv:PATH. A CSV file holds one example per line: numeric feature columns and one label column "
                + "(class names or numbers; see --label), an optional header line, fields separated by commas, tabs, semicolons or bars (detected); "
                + "missing values are an error. See docs/data.md",
            DefaultValueFactory = _ => "mnist",
        };
        var data = new Option<string?>("--data") { Description = "Cache folder for downloaded data sets (default: $NEURALSHARP_DATA or ~/.cache/neuralsharp)" };
        var size = new Option<int>("--size") { Description = "Image side in pixels: 28, or 16 for the 256-input variant (images only)", DefaultValueFactory = _ => 28 };
        var layers = new Option<string?>("--layers") { Description = $"Layer sizes from input to output, e.g. 784,30,10 (default: inputs,{DefaultHidden},classes for images, inputs,{DefaultTabularHidden},outputs for CSV tables)" };
        var activation = new Option<string>("--activation") { Description = "Hidden-layer activation: " + string.Join(", ", NetworkFactory.Activations), DefaultValueFactory = _ => "relu" };
        var loss = new Option<string?>("--loss")
        {
            Description = "Classification: cross-entropy (softmax output, the default) or mse (the course's quadratic cost, sigmoid output). Regression: mse (the default), mae or huber (identity output)",
        };
        var task = new Option<string>("--task") { Description = "classification, regression, or auto: regression when the CSV label column holds fractional numbers (said in the output)", DefaultValueFactory = _ => "auto" };
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
        var seed = new Option<int>("--seed") { Description = "Random seed for initialisation, shuffling, dropout and the held-out splits", DefaultValueFactory = _ => 1 };
        var test = new Option<string?>("--test") { Description = "CSV file of test rows, scored once after training (default: 20% of the --dataset file's rows held out, stratified by class, seeded by --seed)" };
        var validation = new Option<string?>("--validation") { Description = "CSV file of validation rows, scored after every epoch (never the test rows)" };
        var validationSplit = new Option<double?>("--validation-split") { Description = "Share of the training rows held out as the validation set, scored after every epoch (stratified by class, seeded by --seed)" };
        var scale = new Option<string>("--scale")
        {
            Description = "Input scaling fitted on the training rows only and saved in the model (eval and predict apply it): standard (mean 0, sd 1), minmax ([0, 1]), none, or auto (standard for CSV tables, none for images, which keep their [0, 1] pixels)",
            DefaultValueFactory = _ => "auto",
        };
        var outDir = new Option<string>("--out") { Description = "Folder for the model, history and plots", DefaultValueFactory = _ => "out" };
        var tensorboard = new Option<string?>("--tensorboard") { Description = "Folder for TensorBoard event files: losses, accuracy, learning rate, weight and gradient histograms per epoch, and the misclassified test images (tensorboard --logdir DIR shows them; docs/tensorboard.md)" };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the result (the test metrics line); errors still go to standard error. Without it a terminal shows a progress bar per epoch, and output redirected to a file a line per epoch" };
        var modelName = new Option<string>("--model")
        {
            Description = "Architecture: " + string.Join("; ", ModelCatalog.All.Select(r => $"{r.Name} ({r.Description})"))
                + $"; {AutoencoderTraining.Name} (a dense autoencoder, --layers {AutoencoderTraining.DefaultLayers} to a 2-unit code, trained on reconstruction)"
                + "; or PATH.json, an architecture file in the form model files carry (docs/models.md)",
            DefaultValueFactory = _ => "mlp",
        };
        var diagnostics = new Option<bool>("--diagnostics")
        {
            Description = "Record per-layer statistics every epoch (activation mean and spread, active and dead units, gradient norms, update-to-weight ratios): "
                + "diagnostics.csv, diagnostics-gradients.png and diagnostics-layers.png in --out (docs/diagnostics.md)",
        };
        var initFrom = new Option<string?>("--init-from") { Description = "Start from a saved model's weights (fine-tuning): with --model, loaded by name into that network; without, the saved network itself, its output layer replaced when the classes differ" };
        var freeze = new Option<string?>("--freeze") { Description = "With --init-from: layers (or parameters) kept fixed, by name, comma-separated, e.g. 0,2 for the first two children of the saved network" };
        var teacher = new Option<string?>("--teacher") { Description = "A saved classifier whose softened outputs teach this network (knowledge distillation), beside the labels" };
        var temperature = new Option<double>("--temperature") { Description = "With --teacher: the temperature T that softens both networks' outputs", DefaultValueFactory = _ => 4.0 };
        var alpha = new Option<double>("--alpha") { Description = "With --teacher: the weight of the teacher's term (1 - alpha goes to the labels)", DefaultValueFactory = _ => 0.9 };
        var csv = new CsvFormatOptions();

        var command = new Command("train", "Train a network on MNIST, Fashion-MNIST or a CSV table (classification or regression)")
        {
            dataset, data, size, modelName, layers, activation, loss, task, optimizer, lr, batch, epochs, dropout, schedule, seed, test, validation, validationSplit, scale, outDir, tensorboard, quiet,
            diagnostics, initFrom, freeze, teacher, temperature, alpha,
        };
        foreach (var option in csv.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancel) =>
        {
            var settings = new TrainSettings(
                parse.GetValue(dataset)!, parse.GetValue(data), parse.GetValue(size), parse.GetValue(layers), parse.GetValue(activation)!,
                parse.GetValue(loss), parse.GetValue(optimizer)!, parse.GetValue(lr), parse.GetValue(batch), parse.GetValue(epochs),
                parse.GetValue(dropout), parse.GetValue(schedule)!, parse.GetValue(seed), parse.GetValue(outDir)!, parse.GetValue(quiet))
            {
                Model = parse.GetValue(modelName)!,
                Csv = csv.Build(parse),
                TestFile = parse.GetValue(test),
                ValidationFile = parse.GetValue(validation),
                ValidationSplit = parse.GetValue(validationSplit),
                Scale = parse.GetValue(scale)!,
                Task = parse.GetValue(task)!.ToLowerInvariant(),
                SizeGiven = parse.GetResult(size) is { Implicit: false },
                ModelGiven = parse.GetResult(modelName) is { Implicit: false },
                Diagnostics = parse.GetValue(diagnostics),
                InitFrom = parse.GetValue(initFrom),
                Freeze = parse.GetValue(freeze),
                Teacher = parse.GetValue(teacher),
                Temperature = parse.GetValue(temperature),
                Alpha = parse.GetValue(alpha),
                TensorBoardDir = parse.GetValue(tensorboard),
            };
            await RunAsync(settings, cancel);
            return 0;
        });
        return command;
    }

    /// <summary>The hidden layers of the default network for a CSV table: small data sets need a small network.</summary>
    public const string DefaultTabularHidden = "64,32";

    internal sealed record TrainSettings(
        string Dataset, string? DataRoot, int Size, string? Layers, string Activation, string? Loss, string Optimizer,
        double? LearningRate, int Batch, int Epochs, double Dropout, string Schedule, int Seed, string OutDir, bool Quiet)
    {
        /// <summary>The <c>--model</c> recipe's name.</summary>
        public string Model { get; init; } = "mlp";

        public Data.CsvOptions Csv { get; init; } = new();

        public string? TestFile { get; init; }

        public string? ValidationFile { get; init; }

        public double? ValidationSplit { get; init; }

        public string Scale { get; init; } = "auto";

        public string Task { get; init; } = "auto";

        public bool SizeGiven { get; init; }

        public bool ModelGiven { get; init; }

        /// <summary>Collect and write per-layer diagnostics.</summary>
        public bool Diagnostics { get; init; }

        /// <summary>A saved model to start from.</summary>
        public string? InitFrom { get; init; }

        /// <summary>With <see cref="InitFrom"/>: names of layers to keep fixed, comma-separated.</summary>
        public string? Freeze { get; init; }

        /// <summary>A saved classifier to learn from.</summary>
        public string? Teacher { get; init; }

        public double Temperature { get; init; } = 4;

        public double Alpha { get; init; } = 0.9;

        /// <summary>The <c>--tensorboard</c> folder, or null for no event file.</summary>
        public string? TensorBoardDir { get; init; }
    }

    internal static async Task RunAsync(TrainSettings s, CancellationToken cancel)
    {
        // --quiet: everything but the result line is kept off standard output.
        using var silence = s.Quiet ? new ConsoleSilence() : null;
        if (s.Batch < 1 || s.Epochs < 1)
        {
            throw new ArgumentException($"--batch and --epochs must be at least 1 (got {s.Batch} and {s.Epochs})");
        }

        if (!(s.Dropout >= 0 && s.Dropout < 1))
        {
            throw new ArgumentException($"--dropout {s.Dropout}: must be in [0, 1)");
        }

        // Fail on a bad name before loading data.
        if (s.Loss is { } given)
        {
            _ = s.Task switch
            {
                "regression" => TrainingChoices.RegressionLoss(given),
                "classification" => TrainingChoices.Loss(given),
                _ => TrainingChoices.Losses.Concat(TrainingChoices.RegressionLosses).Contains(given.ToLowerInvariant()) ? null : TrainingChoices.Loss(given),
            };
        }

        if (!Scaling.Kinds.Append("auto").Contains(s.Scale.ToLowerInvariant()))
        {
            throw new ArgumentException($"--scale {s.Scale}: use standard, minmax, none or auto");
        }

        if (s.Freeze is not null && s.InitFrom is null)
        {
            throw new ArgumentException("--freeze keeps layers of a saved network fixed: give the network with --init-from");
        }

        if (s.Model.Equals(AutoencoderTraining.Name, StringComparison.OrdinalIgnoreCase))
        {
            await AutoencoderTraining.RunAsync(s, cancel);
            return;
        }

        NetworkFactory.Activation(s.Activation);
        var recipe = ModelCatalog.Get(s.Model);
        var csvPath = DataSource.CsvPath(s.Dataset);
        if (csvPath is not null && s.SizeGiven)
        {
            throw new ArgumentException("--size resamples images; a CSV table's rows are used as they are");
        }

        CheckOutDir(s.OutDir); // a bad --out must not throw a whole training run away
        var source = await DataSource.LoadAsync(s.Dataset, s.DataRoot, s.Size, s.Quiet || Console.IsOutputRedirected, cancel, new DataOptions
        {
            Csv = s.Csv,
            TestFile = s.TestFile,
            ValidationFile = s.ValidationFile,
            ValidationSplit = s.ValidationSplit,
            Seed = s.Seed,
            Task = s.Task,
        });
        var regression = source.Regression;
        if (source.Train.Count < 2 || source.Test.Count < 1)
        {
            throw new ArgumentException($"{source.Name}: {source.Train.Count + source.Test.Count} example(s) are too few to train and test on (a fifth is held out for testing): give more rows");
        }

        if (!regression && (source.Classes < 2 || source.Train.Labels!.Distinct().Count() < 2))
        {
            throw new ArgumentException($"{source.Name}: the training examples all have one class; a classifier needs at least two");
        }

        var lossName = (s.Loss ?? (regression ? "mse" : "cross-entropy")).ToLowerInvariant();
        var lossFn = TrainingChoices.Loss(lossName, regression);
        if (s.Teacher is { } teacherPath)
        {
            if (regression || lossFn is not Losses.CrossEntropyLoss)
            {
                throw new ArgumentException("--teacher distils a classifier into another: it trains with cross-entropy, so leave --loss out (and use a classification data set)");
            }

            lossFn = TeacherNetwork.Load(teacherPath, source.Inputs, source.Classes, s.Temperature, s.Alpha);
        }
        var scaleKind = s.Scale.ToLowerInvariant() == "auto" ? (source.IsImage ? "none" : "standard") : s.Scale.ToLowerInvariant();
        var scaling = scaleKind == "none" ? null : Scaling.Fit(scaleKind, source.Train.Features, source.Inputs);
        var targetScaling = regression ? Scaling.Fit("standard", source.Train.Values!, 1) : null;
        Examples Prepare(Examples e) => scaling is null ? e : e.Scaled(scaling);

        var generator = new Generator(s.Seed);
        var oneHot = !regression && TrainingChoices.UsesOneHotTargets(lossFn);
        var outputs = regression ? 1 : source.Classes;
        var layers = s.Layers ?? (source.IsImage ? null : $"{source.Inputs},{DefaultTabularHidden},{outputs}");
        var request = new ModelRequest(source.Inputs, outputs, source.Train.Rows, source.Train.Cols, layers, s.Activation, oneHot, s.Dropout, generator);
        var built = s.InitFrom is { } initPath
            ? WarmStart.Apply(initPath, s.ModelGiven ? recipe.Build(request) : null, source.Inputs, outputs, s.Freeze, generator)
            : recipe.Build(request);
        var model = built.Network;
        var lr = s.LearningRate ?? TrainingChoices.DefaultLearningRate(s.Optimizer, lossFn);
        var optimizer = TrainingChoices.Optimizer(s.Optimizer, model.Parameters().Where(p => p.RequiresGrad), lr);
        var scheduleName = TrainingChoices.ResolveSchedule(s.Schedule, s.Optimizer);
        // The model is written after every epoch, so that a run stopped by Ctrl+C leaves its last complete epoch.
        var trainingInfo = RunInfo(s, csvPath, regression, lossName, source, scaling, targetScaling);
        var modelPath = Path.Combine(s.OutDir, "model.safetensors");
        var checkpoint = new ModelCheckpoint(modelPath, saveBestOnly: false, metadata: Metadata(trainingInfo));
        var callbacks = TrainingChoices.Schedule(scheduleName, optimizer, s.Epochs) is { } scheduling ? new List<ICallback> { scheduling, checkpoint } : [checkpoint];
        var layerDiagnostics = s.Diagnostics ? new Diagnostics.LayerDiagnostics() : null;
        if (layerDiagnostics is not null)
        {
            callbacks.Add(layerDiagnostics);
        }

        using var tensorboard = s.TensorBoardDir is { } logDir ? OpenTensorBoard(logDir) : null;
        if (tensorboard is not null)
        {
            callbacks.Add(tensorboard);
        }

        IDataset train = Prepare(source.Train).ToTensorDataset(oneHot, source.Classes, targetScaling);
        if (built.Augmentation is { } augmentation)
        {
            train = new TransformedDataset(train, ImageShape.Grey(source.Train.Rows, source.Train.Cols), augmentation, s.Seed);
        }
        var validation = source.Validation is null ? null : Prepare(source.Validation).ToTensorDataset(oneHot, source.Classes, targetScaling);
        var testRows = Prepare(source.Test);
        var test = testRows.ToTensorDataset(oneHot, source.Classes, targetScaling);

        var counts = validation is null
            ? $"{source.Train.Count:N0} training and {source.Test.Count:N0} test examples"
            : $"{source.Train.Count:N0} training, {source.Validation!.Count:N0} validation and {source.Test.Count:N0} test examples";
        var target = regression ? $"a regression target ('{source.Table?.TargetName}')" : $"{source.Classes} classes";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(source.Name)}[/]: {counts}, {source.Inputs} inputs, {Markup.Escape(target)}");
        if (source.TaskNote is { } note)
        {
            AnsiConsole.MarkupLine(Markup.Escape(note));
        }

        AnsiConsole.MarkupLine($"test set: {Markup.Escape(source.TestFrom)}; scored once, after training");
        AnsiConsole.MarkupLine(source.ValidationFrom is { } from
            ? $"validation set: {Markup.Escape(from)}; scored after every epoch"
            : "validation set: none (--validation FILE or --validation-split F adds one, scored after every epoch; the test set never is)");
        if (scaling is not null)
        {
            AnsiConsole.MarkupLine(scaleKind == "standard"
                ? "inputs standardised with the training rows' means and standard deviations (saved in the model, applied by eval and predict)"
                : "inputs min-max scaled to [[0, 1]] with the training rows' ranges (saved in the model, applied by eval and predict)");
        }

        if (targetScaling is not null)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"targets standardised for training (mean {targetScaling.Offset[0]:G4}, sd {targetScaling.Scale[0]:G4}): losses are in standard deviations, the test metrics in the target's units"));
        }

        if (built.Augmentation is not null)
        {
            AnsiConsole.MarkupLine($"training images augmented, drawn anew every epoch: {Markup.Escape(built.Augmentation.ToString() ?? "")}");
        }

        AnsiConsole.MarkupLine($"{Markup.Escape(built.Description)}, {model.ParameterCount:N0} parameters; {Markup.Escape(lossFn.ToString() ?? lossName)}, {s.Optimizer} lr={lr.ToString(CultureInfo.InvariantCulture)} ({scheduleName} schedule), batch {s.Batch}, {s.Epochs} epochs, {Parallelism.ThreadCount} threads");
        var updates = (long)((source.Train.Count + s.Batch - 1) / s.Batch) * s.Epochs;
        if (updates < 500)
        {
            AnsiConsole.MarkupLine($"note: this run makes only {updates:N0} optimiser updates ({(source.Train.Count + s.Batch - 1) / s.Batch} batches x {s.Epochs} epochs); a smaller --batch or more --epochs lets the network learn more");
        }

        var options = new FitOptions
        {
            Epochs = s.Epochs,
            BatchSize = s.Batch,
            Generator = generator,
            Validation = validation,
            Callbacks = callbacks,
            CancellationToken = cancel,
        };
        TrainingHistory history;
        try
        {
            // A progress bar redrawn in a log file is noise: redirected output gets a line per epoch instead.
            history = s.Quiet || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive
                ? FitWithEpochLines(model, lossFn, optimizer, train, options)
                : FitWithProgress(model, lossFn, optimizer, train, options);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            silence?.Dispose(); // where the run stopped and what it kept is said even with --quiet
            AnsiConsole.MarkupLine(checkpoint.SavedEpoch > 0
                ? $"stopped during epoch {checkpoint.SavedEpoch + 1} of {s.Epochs}: [blue]{Markup.Escape(modelPath)}[/] holds the model after epoch {checkpoint.SavedEpoch}"
                : $"stopped during epoch 1 of {s.Epochs}: no model was written");
            throw;
        }

        AnsiConsole.Write(HistoryTable.Build(history));
        var plots = new List<string> { "curves.png" };
        Directory.CreateDirectory(s.OutDir);
        string result;
        if (regression)
        {
            var predicted = Predictions.Values(model, test.Inputs, targetScaling);
            var truth = source.Test.Values!;
            var metrics = RegressionMetrics.Of(predicted, truth);
            trainingInfo["test_mse"] = metrics.Mse;
            trainingInfo["test_mae"] = metrics.Mae;
            trainingInfo["test_r2"] = metrics.R2;
            result = string.Create(CultureInfo.InvariantCulture,
                $"test MSE [bold green]{metrics.Mse:G6}[/], MAE {metrics.Mae:G6}, R^2 {metrics.R2:F4} after {history.Epochs.Count} epochs, {history.TotalSeconds:F1} s of training");
            TrainingPlots.PredictedAgainstTrue(Path.Combine(s.OutDir, "predictions.png"), truth, predicted, source.Table?.TargetName ?? "target");
            plots.Add("predictions.png");
            AnsiConsole.MarkupLine(result);
        }
        else
        {
            var evaluation = Trainer.Evaluate(model, lossFn, test);
            var confusion = ConfusionMatrix.From(evaluation.Predictions!, evaluation.Labels!, source.Classes);
            trainingInfo["test_accuracy"] = evaluation.Accuracy ?? 0;
            result = $"test accuracy [bold green]{HistoryTable.Percent(evaluation.Accuracy)}[/] after {history.Epochs.Count} epochs, {history.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s of training";
            AnsiConsole.MarkupLine(result);
            plots.AddRange(WriteClassPlots(s.OutDir, confusion, source, evaluation));
            if (tensorboard is not null && plots.Contains("misclassified.png"))
            {
                tensorboard.Writer.AddImage("test/misclassified", File.ReadAllBytes(Path.Combine(s.OutDir, "misclassified.png")), tensorboard.LastEpoch);
                tensorboard.Writer.Flush();
            }
        }

        plots.AddRange(WriteConvPlots(s.OutDir, model, testRows, source.Test));
        if (layerDiagnostics is not null)
        {
            Diagnostics.DiagnosticsCsv.Write(Path.Combine(s.OutDir, "diagnostics.csv"), layerDiagnostics.Epochs);
            plots.Add("diagnostics.csv");
            plots.AddRange(DiagnosticsPlots.Write(s.OutDir, layerDiagnostics.Epochs));
        }

        TrainingPlots.LearningCurves(Path.Combine(s.OutDir, "curves.png"),
            history.Epochs.Select(e => e.TrainLoss).ToArray(), history.Epochs.Select(e => e.ValidationLoss ?? double.NaN).ToArray(),
            history.Epochs.Select(e => e.TrainAccuracy ?? double.NaN).ToArray(), history.Epochs.Select(e => e.ValidationAccuracy ?? double.NaN).ToArray());
        Model.Save(model, modelPath, Metadata(trainingInfo));
        var report = JsonReport.Node(trainingInfo)!.AsObject();
        report["model"] = Path.GetFullPath(modelPath);
        report["seconds"] = history.TotalSeconds;
        report["history"] = JsonNode.Parse(history.ToJson());
        JsonReport.Report(report);
        AtomicFile.WriteAllText(Path.Combine(s.OutDir, "history.csv"), history.ToCsv());
        AtomicFile.WriteAllText(Path.Combine(s.OutDir, "history.json"), history.ToJson());
        if (tensorboard is not null)
        {
            AnsiConsole.MarkupLine($"TensorBoard events: [blue]{Markup.Escape(tensorboard.Writer.FilePath)}[/] (tensorboard --logdir {Markup.Escape(s.TensorBoardDir!)})");
        }

        AnsiConsole.MarkupLine($"wrote [blue]{Markup.Escape(modelPath)}[/], history.csv, history.json, {string.Join(", ", plots)} in [blue]{Markup.Escape(s.OutDir)}[/]");
        if (silence is not null)
        {
            silence.Dispose();
            AnsiConsole.MarkupLine(result);
        }
    }

    /// <summary>The <c>cli.run</c> entry that eval, predict and summary read back (see <see cref="SavedModel"/>); the test metrics are added after training.</summary>
    private static Dictionary<string, object> RunInfo(TrainSettings s, string? csvPath, bool regression, string lossName, DataSource source, Scaling? scaling, Scaling? targetScaling)
    {
        var info = new Dictionary<string, object>
        {
            // eval and predict reload the data from this, so it must be the spec, not the display name
            // (for a CSV file that is just its path); a relative path is made absolute to work from anywhere.
            ["dataset"] = csvPath is not null ? "csv:" + Path.GetFullPath(csvPath) : s.Dataset,
            ["size"] = s.Size,
            ["loss"] = lossName,
            ["task"] = regression ? "regression" : "classification",
            ["classes"] = source.ClassNames,
            ["training_examples"] = source.Train.Count,
        };
        if (source.Table is { } table)
        {
            info["csv"] = SavedModel.CsvFormatJson(table);
            if (s.TestFile is null)
            {
                info["test_split"] = new Dictionary<string, object> { ["seed"] = s.Seed, ["share"] = 0.2 };
            }
        }

        if (scaling is not null)
        {
            info["scaling"] = scaling.ToJson();
        }

        if (targetScaling is not null)
        {
            info["target_scaling"] = targetScaling.ToJson();
        }

        return info;
    }

    private static Dictionary<string, string> Metadata(Dictionary<string, object> info) => new() { [SavedModel.RunKey] = JsonSerializer.Serialize(info) };

    private static TrainingHistory FitWithEpochLines(Nn.Module model, Losses.ILoss loss, Optim.Optimizer optimizer, IDataset train, FitOptions options)
    {
        var callback = new EpochPrinter();
        return Trainer.Fit(model, loss, optimizer, train, options with { Callbacks = [.. options.Callbacks, callback] });
    }

    private static TrainingHistory FitWithProgress(Nn.Module model, Losses.ILoss loss, Optim.Optimizer optimizer, IDataset train, FitOptions options)
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
                $"epoch {r.Epoch}: train loss {r.TrainLoss:F4} acc {HistoryTable.Percent(r.TrainAccuracy)}{(r.ValidationLoss is { } v ? $", validation loss {v:F4} acc {HistoryTable.Percent(r.ValidationAccuracy)}" : "")}, {r.Seconds:F2} s, {r.ExamplesPerSecond:N0} ex/s"));
            return null;
        }
    }

    /// <summary>The confusion matrix, and for images the misclassified test images (table rows are no pictures); returns the files written.</summary>
    private static IEnumerable<string> WriteClassPlots(string dir, ConfusionMatrix confusion, DataSource source, EvaluationResult evaluation)
    {
        var counts = new long[confusion.Classes, confusion.Classes];
        for (var a = 0; a < confusion.Classes; a++)
        {
            for (var p = 0; p < confusion.Classes; p++)
            {
                counts[a, p] = confusion[a, p];
            }
        }

        TrainingPlots.ConfusionMatrix(Path.Combine(dir, "confusion.png"), counts, source.ClassNames);
        if (!source.IsImage)
        {
            return ["confusion.png"];
        }

        var wrong = Enumerable.Range(0, evaluation.Labels!.Length).Where(i => evaluation.Predictions![i] != evaluation.Labels[i]).Take(32).ToArray();
        var test = source.Test;
        TrainingPlots.ImageGrid(Path.Combine(dir, "misclassified.png"),
            wrong.Select(test.Row).ToArray(), test.Rows, test.Cols,
            wrong.Select(i => $"p:{source.ClassNames[evaluation.Predictions![i]]} t:{source.ClassNames[evaluation.Labels[i]]}").ToArray());
        return ["confusion.png", "misclassified.png"];
    }

    /// <summary>For a network with 2-D convolutions: the first one's filters and the first test image's feature maps at each; returns the files written.</summary>
    private static IEnumerable<string> WriteConvPlots(string dir, Nn.Module model, Examples prepared, Examples test)
    {
        var convolutions = ConvPlots.Convolutions(model);
        if (convolutions.Count == 0)
        {
            return [];
        }

        ConvPlots.Filters(Path.Combine(dir, ConvPlots.FiltersFile), convolutions[0]);
        var example = Tensor.FromArray(prepared.Row(0), [1, .. model.InputShape ?? [prepared.Inputs]]);
        ConvPlots.FeatureMaps(Path.Combine(dir, ConvPlots.FeatureMapsFile), model, example, test.Row(0), test.Rows, test.Cols);
        return [ConvPlots.FiltersFile, ConvPlots.FeatureMapsFile];
    }

    private static TensorBoardCallback OpenTensorBoard(string logDir)
    {
        try
        {
            return new TensorBoardCallback(logDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"--tensorboard {logDir}: cannot write there ({e.Message})");
        }
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
}
