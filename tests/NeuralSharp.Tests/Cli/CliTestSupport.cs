using System.Globalization;
using System.Text;
using NeuralSharp.Cli;
using Spectre.Console;

namespace NeuralSharp.Tests.Cli;

/// <summary>
/// Runs the CLI in-process and captures what it prints: the commands write to <see cref="Console.Out"/> and to
/// Spectre's <see cref="AnsiConsole"/>, both redirected here for the run (so callers belong to <see cref="ConsoleCollection"/>).
/// </summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var (code, output) = await Capture(output => CliApp.RunAsync(args, output, error));
        return (code, output, error.ToString());
    }

    /// <summary>Runs <paramref name="run"/> (given the writer that stands for standard output) with the consoles redirected; returns its code and what it printed.</summary>
    public static async Task<(int Code, string Output)> Capture(Func<TextWriter, Task<int>> run)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var savedOut = Console.Out;
        var savedAnsi = AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });

        // Wide enough that no line of the figures wraps.
        console.Profile.Width = 200;
        console.Profile.Capabilities.Unicode = true;
        Console.SetOut(output);
        AnsiConsole.Console = console;
        try
        {
            var code = await run(output);
            return (code, output.ToString().ReplaceLineEndings("\n"));
        }
        finally
        {
            Console.SetOut(savedOut);
            AnsiConsole.Console = savedAnsi;
        }
    }

    /// <summary>The cells of every table row in <paramref name="output"/> whose first cell is <paramref name="first"/>.</summary>
    public static IEnumerable<string[]> Rows(string output, string first) =>
        output.Split('\n')
            .Where(l => l.StartsWith('│'))
            .Select(l => l.Trim('│').Split('│').Select(c => c.Trim()).ToArray())
            .Where(cells => cells[0] == first);

    /// <summary>The number after "<paramref name="name"/> = " on a line that starts with it.</summary>
    public static double Value(string output, string name)
    {
        var line = output.Split('\n').Single(l => l.StartsWith(name + " = ", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf('=') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A CSV data set a small network learns quickly: four features, three classes around three
    /// centres, the label in the last column (where the loader looks by default).
    /// </summary>
    public static void WriteBlobsCsv(string path, int rows = 200, int seed = 5)
    {
        var centres = new[] { new[] { 2.0, 0, 0, 1 }, new[] { -2.0, 1, 0, -1 }, new[] { 0.0, -2, 2, 0 } };
        var g = new Generator(seed);
        var sb = new StringBuilder("f1,f2,f3,f4,label\n");
        for (var i = 0; i < rows; i++)
        {
            var c = i % 3;
            for (var f = 0; f < 4; f++)
            {
                sb.Append((centres[c][f] + (0.3 * g.NextNormal())).ToString("F4", CultureInfo.InvariantCulture)).Append(',');
            }

            sb.Append(c.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
    }
}
