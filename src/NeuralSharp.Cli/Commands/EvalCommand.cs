using System.CommandLine;
using NeuralSharp.Cli.Rendering;
using NeuralSharp.Cli.Setup;
using NeuralSharp.Data;
using NeuralSharp.Metrics;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp eval MODEL</c>: accuracy and confusion matrix on a test set.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model file written by 'neuralsharp train' (.safetensors)" };
        var dataset = new Option<string?>("--dataset") { Description = "mnist, fashion-mnist or csv:PATH (default: the one the model was trained on, when it is built in)" };
        var data = new Option<string?>("--data") { Description = "Cache folder for downloaded data sets" };
        var trust = new Option<bool>(SavedModel.TrustOption) { Description = "Read the CSV file the model file records (only for a model file you trust)" };
        var command = new Command("eval", "Evaluate a saved model: accuracy, per-class precision and recall, confusion matrix") { model, dataset, data, trust };
        command.SetAction(async (parse, cancel) =>
        {
            var saved = SavedModel.Load(parse.GetValue(model)!);
            var source = await DataSource.LoadAsync(saved.DatasetOrAsk(parse.GetValue(dataset), parse.GetValue(trust)), parse.GetValue(data), saved.Size, quiet: true, cancel);
            CheckInputs(saved, source);
            var test = Shaped(source.Test.ToTensorDataset(TrainingChoices.UsesOneHotTargets(TrainingChoices.Loss(saved.Loss))), saved.InputShape);
            var result = Trainer.Evaluate(saved.Model, TrainingChoices.Loss(saved.Loss), test);
            var matrix = ConfusionMatrix.From(result.Predictions!, result.Labels!, source.Classes);
            AnsiConsole.MarkupLine($"{Markup.Escape(source.Name)} test set, {source.Test.Count:N0} examples: accuracy [bold green]{HistoryTable.Percent(result.Accuracy)}[/], loss {result.Loss:F4}, macro F1 {matrix.MacroF1:F4}");
            AnsiConsole.Write(ConfusionTable.Build(matrix, source.ClassNames));
            return 0;
        });
        return command;
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
    private static TensorDataset Shaped(TensorDataset data, Shape inputShape) =>
        data.Inputs.Rank == inputShape.Rank + 1 && data.Inputs.Shape.Skip(1).SequenceEqual(inputShape)
            ? data
            : new TensorDataset(data.Inputs.Reshape([data.Count, .. inputShape]), data.Targets, data.Labels);
}
