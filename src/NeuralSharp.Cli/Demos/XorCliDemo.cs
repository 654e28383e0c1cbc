using System.Globalization;
using NeuralSharp.Demos;
using Spectre.Console;

namespace NeuralSharp.Cli.Demos;

internal sealed class XorCliDemo : ICliDemo
{
    public string Name => "xor";

    public string Description => "A 2-2-1 sigmoid network computes XOR: hand-set weights, then trained from random ones";

    public Task<int> RunAsync(DemoContext context)
    {
        PrintTruthTable("hand-set weights: h1 = s(20x1 + 20x2 - 10), h2 = s(-20x1 - 20x2 + 30), y = s(20h1 + 20h2 - 30)", XorDemo.TruthTable(XorDemo.HandSet()));
        var (net, epochs, loss) = XorDemo.Train();
        PrintTruthTable($"trained 2-2-1 network (seed 2, SGD with momentum, quadratic cost): {epochs} epochs, final loss {loss:G3}", XorDemo.TruthTable(net));
        return Task.FromResult(0);
    }

    private static void PrintTruthTable(string title, IReadOnlyList<TruthTableRow> rows)
    {
        var table = new Table().RoundedBorder().Title(Markup.Escape(title)).AddColumn("x1").AddColumn("x2").AddColumn("xor").AddColumn(new TableColumn("network").RightAligned()).AddColumn("rounded");
        foreach (var r in rows)
        {
            var ok = Math.Round(r.Output) == r.Expected;
            table.AddRow(r.X1.ToString(CultureInfo.InvariantCulture), r.X2.ToString(CultureInfo.InvariantCulture), r.Expected.ToString(CultureInfo.InvariantCulture),
                r.Output.ToString("F4", CultureInfo.InvariantCulture), ok ? $"[green]{Math.Round(r.Output)}[/]" : $"[red]{Math.Round(r.Output)}[/]");
        }

        AnsiConsole.Write(table);
    }
}
