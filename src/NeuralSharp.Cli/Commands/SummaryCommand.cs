using System.CommandLine;
using System.Text.Json.Nodes;
using NeuralSharp.Cli.Rendering;
using NeuralSharp.Cli.Setup;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp summary MODEL</c>: layers, output shapes and parameter counts.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model file (.safetensors written by NeuralSharp)" };
        var examples = new Option<long?>("--examples") { Description = "Training set size, to compare with the rule of thumb of 10 to 30 examples per parameter (default: the size recorded in the model file, else 60,000)" };
        var command = new Command("summary", "Print a saved model's layers, output shapes and parameter counts") { model, examples };
        command.SetAction(parse =>
        {
            var saved = SavedModel.Load(parse.GetValue(model)!);
            var summary = Summary.Create(saved.Model, [1, .. saved.InputShape], parse.GetValue(examples) ?? saved.TrainingExamples ?? 60_000);
            JsonReport.Report(new JsonObject
            {
                ["input_shape"] = JsonReport.Node(summary.InputShape.ToArray()),
                ["parameters"] = summary.TotalParameters,
                ["trainable_parameters"] = summary.TrainableParameters,
                ["training_examples"] = summary.TrainingExamples,
                ["layers"] = new JsonArray([.. summary.Rows.Select(Layer)]),
            });
            if (parse.GetValue(JsonReport.Option))
            {
                return 0;
            }

            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(saved.Model);
            output.WriteLine();
            output.WriteLine(summary);
            return 0;
        });
        return command;
    }

    /// <summary>One layer's entry; a convolution's also has the dense layer of the same sizes that the text's note compares it with.</summary>
    private static JsonObject Layer(SummaryRow r)
    {
        var layer = new JsonObject
        {
            ["name"] = r.Name,
            ["layer"] = r.Layer,
            ["output_shape"] = JsonReport.Node(r.OutputShape.ToArray()),
            ["parameters"] = r.Parameters,
        };
        if (r.DenseParameters is { } dense && r.DenseShapes is var (from, to))
        {
            layer["dense_equivalent"] = new JsonObject
            {
                ["input_shape"] = JsonReport.Node(from.ToArray()),
                ["output_shape"] = JsonReport.Node(to.ToArray()),
                ["parameters"] = dense,
            };
        }

        return layer;
    }
}
