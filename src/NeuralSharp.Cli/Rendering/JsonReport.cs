using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuralSharp.Cli.Rendering;

/// <summary>
/// <c>--json</c>: for scripts, a command prints one JSON object with its result on standard output and nothing else.
/// While it runs, the console that tables, progress and notes go to is silenced; the command hands its result to
/// <see cref="Report"/>, and <see cref="CliApp"/> writes it once the command has succeeded (a failure is still one
/// <c>error:</c> line on standard error and a non-zero exit code).
/// </summary>
internal static class JsonReport
{
    /// <summary>Accepted by every command.</summary>
    public static readonly Option<bool> Option = new("--json")
    {
        Description = "Print the result as one JSON object on standard output and nothing else (for scripts)",
        Recursive = true,
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // One command runs per process (and the tests run the CLI one at a time), so one slot is enough.
    private static JsonObject? _result;

    /// <summary>Records the command's result; with <c>--json</c> it is what the run prints.</summary>
    public static void Report(JsonObject result) => _result = result;

    /// <summary>Runs <paramref name="command"/> with the console silenced and returns the JSON it reported.</summary>
    public static async Task<(int Code, string? Json)> Capture(Func<Task<int>> command)
    {
        using var silence = new ConsoleSilence();
        _result = null;
        try
        {
            var code = await command();
            if (code == 0 && _result is null)
            {
                throw new ArgumentException("--json: this command has no result to print as JSON");
            }

            return (code, _result?.ToJsonString(Indented));
        }
        finally
        {
            _result = null;
        }
    }

    /// <summary>A value as a JSON node (numbers, strings, lists and dictionaries of them).</summary>
    public static JsonNode? Node(object? value) => JsonSerializer.SerializeToNode(value);
}
