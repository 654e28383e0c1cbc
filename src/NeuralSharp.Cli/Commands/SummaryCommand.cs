using System.CommandLine;
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
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(saved.Model);
            output.WriteLine();
            output.WriteLine(Summary.Create(saved.Model, [1, .. saved.InputShape], parse.GetValue(examples) ?? saved.TrainingExamples ?? 60_000));
            return 0;
        });
        return command;
    }
}
