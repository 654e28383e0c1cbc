using System.CommandLine;
using NeuralSharp.Cli.Demos;
using NeuralSharp.Cli.Rendering;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp demo NAME</c>: the course's demonstrations, one sub-command per <see cref="ICliDemo"/> in this assembly.</summary>
internal static class DemoCommand
{
    /// <summary>Every demo, by name; found by reflection so that a new demo is one new file.</summary>
    public static IReadOnlyList<ICliDemo> All { get; } = Implementations.Of<ICliDemo>(d => d.Name);

    public static Command Create()
    {
        var command = new Command("demo", "Run one of the course's demonstrations (a table on the console, most with a PNG in --out)");
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same table and picture", DefaultValueFactory = _ => 1, Recursive = true };
        var outDir = new Option<string>("--out") { Description = "Folder for the demo's PNG and CSV files", DefaultValueFactory = _ => "out", Recursive = true };
        var data = new Option<string?>("--data") { Description = "Cache folder for downloaded data sets (default: $NEURALSHARP_DATA or ~/.cache/neuralsharp)", Recursive = true };
        var quiet = new Option<bool>("--quiet") { Description = "No progress display", Recursive = true };
        command.Options.Add(seed);
        command.Options.Add(outDir);
        command.Options.Add(data);
        command.Options.Add(quiet);
        foreach (var demo in All)
        {
            var sub = new Command(demo.Name, demo.Description);
            Option<int>? epochs = null;
            if (demo.DefaultEpochs is { } defaultEpochs)
            {
                epochs = new Option<int>("--epochs") { Description = "Passes over the training images", DefaultValueFactory = _ => defaultEpochs };
                epochs.Validators.Add(r =>
                {
                    if (r.GetValueOrDefault<int>() < 1)
                    {
                        r.AddError("--epochs must be 1 or more");
                    }
                });
                sub.Options.Add(epochs);
            }

            sub.SetAction((parse, cancel) => parse.GetValue(JsonReport.Option)
                ? throw new ArgumentException($"--json: the {demo.Name} demo prints a table and writes a picture; it has no JSON result")
                : demo.RunAsync(new DemoContext(
                    parse.GetValue(seed), parse.GetValue(outDir)!, parse.GetValue(data), parse.GetValue(quiet) || Console.IsOutputRedirected, cancel,
                    epochs is null ? null : parse.GetValue(epochs))));
            command.Subcommands.Add(sub);
        }

        return command;
    }
}
