using System.Globalization;
using NeuralSharp.Metrics;
using Spectre.Console;

namespace NeuralSharp.Cli.Rendering;

/// <summary>The confusion matrix as a console table, the diagonal highlighted.</summary>
internal static class ConfusionTable
{
    public static Table Build(ConfusionMatrix matrix, IReadOnlyList<string> names)
    {
        var table = new Table().RoundedBorder().Title("[bold]confusion matrix[/] (rows t: true class, columns p: predicted)");
        table.AddColumn("t\\p");
        for (var p = 0; p < matrix.Classes; p++)
        {
            table.AddColumn(new TableColumn(Markup.Escape(names[p])).RightAligned());
        }

        table.AddColumn(new TableColumn("recall").RightAligned());
        for (var a = 0; a < matrix.Classes; a++)
        {
            var cells = new List<string> { Markup.Escape(names[a]) };
            for (var p = 0; p < matrix.Classes; p++)
            {
                var count = matrix[a, p].ToString(CultureInfo.InvariantCulture);
                cells.Add(a == p ? $"[green]{count}[/]" : matrix[a, p] == 0 ? $"[grey]{count}[/]" : count);
            }

            cells.Add(HistoryTable.Percent(matrix.Recall(a)));
            table.AddRow(cells.ToArray());
        }

        return table;
    }
}
