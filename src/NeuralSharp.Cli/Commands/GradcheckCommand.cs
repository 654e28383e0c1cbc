using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NeuralSharp.Autograd;
using NeuralSharp.Cli.Rendering;
using NeuralSharp.Cli.Setup;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp gradcheck MODEL</c>: a saved model's gradients against finite differences, per parameter.</summary>
internal static class GradcheckCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A model file (.safetensors written by NeuralSharp)" };
        var batch = new Option<int>("--batch") { Description = "Random examples in the batch the gradients are taken on", DefaultValueFactory = _ => 4 };
        var samples = new Option<int>("--samples") { Description = "Elements checked per parameter (a seeded random sample of larger ones; each costs two forward passes)", DefaultValueFactory = _ => 32 };
        var seed = new Option<int>("--seed") { Description = "Seeds the batch, the output weighting and the samples", DefaultValueFactory = _ => 1 };
        var command = new Command("gradcheck", "Check a saved model's gradients against central finite differences in float64 and print the worst relative error per parameter")
        {
            model, batch, samples, seed,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            var (n, perParameter) = (parse.GetValue(batch), parse.GetValue(samples));
            if (n < 1 || perParameter < 1)
            {
                throw new ArgumentException($"--batch and --samples must be at least 1 (got {n} and {perParameter})");
            }

            var saved = SavedModel.Load(path);

            // Inputs uniform in [0, 1), as pixels and min-max scaled features are; the check holds at any point.
            var input = Tensor.Rand([n, .. saved.InputShape], 0, 1, new Generator(parse.GetValue(seed)), DType.Float64);
            var results = ParameterGradCheck.Check(saved.Model, input, perParameter, parse.GetValue(seed));
            var failed = results.Count(r => !r.Passed);
            JsonReport.Report(new JsonObject
            {
                ["model"] = Path.GetFullPath(path),
                ["tolerance"] = ParameterGradCheckResult.Tolerance,
                ["passed"] = failed == 0,
                ["parameters"] = new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
                {
                    ["name"] = r.Name,
                    ["shape"] = JsonReport.Node(r.Shape.ToArray()),
                    ["checked"] = r.Checked,
                    ["max_absolute_error"] = r.MaxAbsoluteError,
                    ["max_relative_error"] = r.MaxRelativeError,
                    ["passed"] = r.Passed,
                })]),
            });
            if (!parse.GetValue(JsonReport.Option))
            {
                var table = new Table().AddColumns("parameter", "shape", "checked", "max abs error", "max rel error", "");
                foreach (var r in results)
                {
                    table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.Shape.ToString()), r.Checked.ToString(CultureInfo.InvariantCulture),
                        r.MaxAbsoluteError.ToString("E2", CultureInfo.InvariantCulture), r.MaxRelativeError.ToString("E2", CultureInfo.InvariantCulture),
                        r.Passed ? "[green]ok[/]" : $"[red]wrong[/] ({Markup.Escape(r.Worst)})");
                }

                AnsiConsole.Write(table);
            }

            if (failed > 0)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"gradcheck: {failed} of {results.Count} parameters' gradients disagree with finite differences (relative error above {ParameterGradCheckResult.Tolerance:G2})"));
            }

            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"all {results.Count} parameters' gradients agree with central finite differences in float64 (worst relative error {results.Max(r => r.MaxRelativeError):E2}, batch of {n})"));
            return 0;
        });
        return command;
    }
}
