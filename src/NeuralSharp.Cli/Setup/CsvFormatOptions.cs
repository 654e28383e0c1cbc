using System.CommandLine;
using System.Globalization;
using NeuralSharp.Data;

namespace NeuralSharp.Cli.Setup;

/// <summary>The options that say how a CSV file is read (<c>--delimiter</c>, <c>--header</c>, <c>--label</c>), shared by train, eval and predict.</summary>
internal sealed class CsvFormatOptions
{
    public Option<string?> Delimiter { get; } = new("--delimiter")
    {
        Description = "CSV field separator: one character, or comma, tab, semicolon, pipe, space (default: detected from the first lines)",
    };

    public Option<string?> Header { get; } = new("--header")
    {
        Description = "Whether the CSV file's first line names the columns: yes, no or auto (default: auto, a first line with text where the next has numbers)",
    };

    public Option<string?> Label { get; } = new("--label")
    {
        Description = "The CSV label column: a header name or a 0-based index (default: the last column)",
    };

    public IEnumerable<Option> All => [Delimiter, Header, Label];

    /// <summary>The CSV options given, each falling back to the <paramref name="recorded"/> one (a model's) and then to the default.</summary>
    public CsvOptions Build(ParseResult parse, CsvOptions? recorded = null)
    {
        var options = recorded ?? new CsvOptions();
        if (parse.GetValue(Delimiter) is { } d)
        {
            options = options with { Delimiter = ParseDelimiter(d) };
        }

        if (parse.GetValue(Header) is { } h)
        {
            options = options with
            {
                HasHeader = h.ToLowerInvariant() switch
                {
                    "yes" or "true" => true,
                    "no" or "false" => false,
                    "auto" => null,
                    _ => throw new ArgumentException($"--header {h}: use yes, no or auto"),
                },
            };
        }

        if (parse.GetValue(Label) is { } label)
        {
            options = int.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
                ? options with { LabelColumnName = null, LabelColumnIndex = index }
                : options with { LabelColumnName = label.Length > 0 ? label : throw new ArgumentException("--label: give a column name or a 0-based index") };
        }

        return options;
    }

    public static char ParseDelimiter(string text) => text.ToLowerInvariant() switch
    {
        "comma" => ',',
        "tab" or "\\t" => '\t',
        "semicolon" => ';',
        "pipe" => '|',
        "space" => ' ',
        _ when text.Length == 1 && text[0] is not ('"' or '\r' or '\n') => text[0],
        _ => throw new ArgumentException($"--delimiter {text}: give one character (not a quote) or comma, tab, semicolon, pipe, space"),
    };
}
