using System.Globalization;
using NeuralSharp.Training;
using Spectre.Console;

namespace NeuralSharp.Cli.Rendering;

/// <summary>The per-epoch table printed when training ends.</summary>
internal static class HistoryTable
{
    public static Table Build(TrainingHistory history)
    {
        var table = new Table().RoundedBorder().Title("[bold]training history[/]");
        foreach (var column in new[] { "epoch", "train loss", "train acc", "val loss", "val acc", "seconds", "examples/s" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var e in history.Epochs)
        {
            table.AddRow(
                e.Epoch.ToString(CultureInfo.InvariantCulture),
                e.TrainLoss.ToString("F4", CultureInfo.InvariantCulture),
                Percent(e.TrainAccuracy),
                e.ValidationLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-",
                Percent(e.ValidationAccuracy),
                e.Seconds.ToString("F2", CultureInfo.InvariantCulture),
                e.ExamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        }

        return table;
    }

    public static string Percent(double? v) => v is { } x ? (100 * x).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-";
}
