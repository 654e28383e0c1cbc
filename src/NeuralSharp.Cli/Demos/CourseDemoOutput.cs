using System.Globalization;
using Spectre.Console;

namespace NeuralSharp.Cli.Demos;

/// <summary>What the course's demonstrations share: number formatting, a table from rows, and the line announcing the PNG.</summary>
internal static class CourseDemoOutput
{
    public static string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    public static string F(double v, int digits = 3) => v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static void Table(string title, string[] columns, IEnumerable<string[]> rows)
    {
        var table = new Table().RoundedBorder().Title(Markup.Escape(title));
        foreach (var c in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
        }

        foreach (var r in rows)
        {
            table.AddRow(r.Select(Markup.Escape).ToArray());
        }

        AnsiConsole.Write(table);
    }

    public static void Wrote(string path) => Console.WriteLine($"wrote {path}");
}
