using System.CommandLine;
using System.Globalization;
using NeuralSharp.Cli.Rendering;
using NeuralSharp.Cli.Setup;
using NeuralSharp.Data;
using NeuralSharp.Metrics;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp eval MODEL</c>: accuracy and confusion matrix (or MSE, MAE and R^2) on a test set.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model file written by 'neuralsharp train' (.safetensors)" };
        var dataset = new Option<string?>("--dataset") { Description = "mnist, fashion-mnist or csv:PATH (default: the one the model was trained on, when it is built in); for a CSV file, the test rows held out in training are scored" };
        var test = new Option<string?>("--test") { Description = "A CSV file of test rows: every row is scored" };
        var data = new Option<string?>("--data") { Description = "Cache folder for downloaded data sets" };
        var trust = new Option<bool>(SavedModel.TrustOption) { Description = "Read the CSV file the model file records (only for a model file you trust)" };
        var csv = new CsvFormatOptions();
        var command = new Command("eval", "Evaluate a saved model: accuracy, per-class precision and recall, confusion matrix (MSE, MAE and R^2 for regression)") { model, dataset, test, data, trust };
        foreach (var option in csv.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancel) =>
        {
            var saved = SavedModel.Load(parse.GetValue(model)!);
            var source = await LoadTestData(saved, parse, dataset, test, data, trust, csv, cancel);
            CheckInputs(saved, source);
            var rows = saved.InputScaling is null ? source.Test : source.Test.Scaled(saved.InputScaling);
            var loss = TrainingChoices.Loss(saved.Loss, saved.Regression);
            var testSet = Shaped(rows.ToTensorDataset(!saved.Regression && TrainingChoices.UsesOneHotTargets(loss), source.Classes, saved.TargetScaling), saved.InputShape);
            if (saved.Regression)
            {
                var m = RegressionMetrics.Of(Predictions.Values(saved.Model, testSet.Inputs, saved.TargetScaling), source.Test.Values!);
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Markup.Escape(source.Name)} test set, {source.Test.Count:N0} examples: MSE [bold green]{m.Mse:G6}[/], MAE {m.Mae:G6}, R^2 {m.R2:F4}"));
                return 0;
            }

            var result = Trainer.Evaluate(saved.Model, loss, testSet);
            var matrix = ConfusionMatrix.From(result.Predictions!, result.Labels!, source.Classes);
            AnsiConsole.MarkupLine($"{Markup.Escape(source.Name)} test set, {source.Test.Count:N0} examples: accuracy [bold green]{HistoryTable.Percent(result.Accuracy)}[/], loss {result.Loss:F4}, macro F1 {matrix.MacroF1:F4}");
            AnsiConsole.Write(ConfusionTable.Build(matrix, source.ClassNames));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The test rows for a saved model: every row of <c>--test FILE</c>, or the test part of <c>--dataset</c> (for a CSV file the rows
    /// the model's training held out, from the recorded seed); labels mapped to the model's classes, the file read as in training.
    /// </summary>
    internal static Task<DataSource> LoadTestData(SavedModel saved, ParseResult parse, Option<string?> dataset, Option<string?>? test, Option<string?> data, Option<bool> trust, CsvFormatOptions csv, CancellationToken cancel)
    {
        var testFile = test is null ? null : parse.GetValue(test);
        var spec = testFile is not null ? "csv:" + testFile : saved.DatasetOrAsk(parse.GetValue(dataset), parse.GetValue(trust));
        var options = new DataOptions
        {
            Csv = csv.Build(parse, saved.Csv),
            Task = saved.Regression ? "regression" : "classification",
            ClassNames = saved.Regression ? null : saved.ClassNames,
            // A model trained with --test FILE held nothing out of its data file: the file given is all test rows.
            AllRowsAreTest = testFile is not null || (saved.Csv is not null && saved.TestSplit is null),
            TestOnly = true,
            Seed = saved.TestSplit?.Seed ?? 1,
            TestSplit = saved.TestSplit?.Share ?? 0.2,
        };
        return DataSource.LoadAsync(spec, parse.GetValue(data), saved.Size, quiet: true, cancel, options);
    }

    internal static void CheckInputs(SavedModel saved, DataSource source)
    {
        var count = saved.InputShape.Aggregate(1L, (n, d) => n * d);
        if (count != source.Inputs)
        {
            throw new ArgumentException($"the model takes inputs of shape {saved.InputShape} ({count} values) but {source.Name} at this size has {source.Inputs}");
        }
    }

    /// <summary>The data set with each example reshaped to the model's input shape (image-shaped models take [N, 1, 28, 28], not [N, 784]).</summary>
    internal static TensorDataset Shaped(TensorDataset data, Shape inputShape) =>
        data.Inputs.Rank == inputShape.Rank + 1 && data.Inputs.Shape.Skip(1).SequenceEqual(inputShape)
            ? data
            : new TensorDataset(data.Inputs.Reshape([data.Count, .. inputShape]), data.Targets, data.Labels);
}
