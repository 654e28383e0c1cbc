using System.Globalization;
using NeuralSharp.Cli.Plots;
using NeuralSharp.Demos;
using NeuralSharp.Nn;
using Spectre.Console;

namespace NeuralSharp.Cli.Demos;

internal sealed class HopfieldCliDemo : ICliDemo
{
    private const int CapacityUnits = 200;

    public string Name => "hopfield";

    public string Description => "A Hopfield network recalls letters from noisy and half-erased cues; Hebb's rule's capacity against 0.138 N";

    public Task<int> RunAsync(DemoContext context)
    {
        var hebbian = HopfieldDemo.RecallLetters(HopfieldRule.Hebbian, seed: context.Seed);
        var projection = HopfieldDemo.RecallLetters(HopfieldRule.PseudoInverse, seed: context.Seed);
        var table = new Table().RoundedBorder().Title("6 letters (10 x 10 = 100 units), asynchronous recall: wrong pixels in the recalled letter")
            .AddColumn("letter").AddColumn(new TableColumn("Hebb, 20% noise").RightAligned()).AddColumn(new TableColumn("Hebb, half erased").RightAligned())
            .AddColumn(new TableColumn("pseudo-inverse, 20% noise").RightAligned()).AddColumn(new TableColumn("pseudo-inverse, half erased").RightAligned());
        foreach (var (h, p) in hebbian.Zip(projection))
        {
            table.AddRow(h.Letter.ToString(), Cell(h.Errors(h.FromNoisy)), Cell(h.Errors(h.FromHalfErased)), Cell(p.Errors(p.FromNoisy)), Cell(p.Errors(p.FromHalfErased)));
        }

        AnsiConsole.Write(table);
        var strip = context.OutputPath("hopfield.png");
        var images = projection.SelectMany(r => new[] { r.Stored, r.Noisy, r.FromNoisy, r.HalfErased, r.FromHalfErased }).Select(Pixels).ToArray();
        var captions = projection.SelectMany(r => new[] { $"{r.Letter} stored", "20% noise", "recalled", "half erased", "recalled" }).ToArray();
        GridPlots.Images(strip, images, HopfieldDemo.Side, HopfieldDemo.Side, captions, columns: 5);

        var rows = HopfieldDemo.Capacity(CapacityUnits, Enumerable.Range(1, 25).Select(i => 2 * i), trials: 3, seed: context.Seed);
        var capacity = new Table().RoundedBorder().Title($"Hebb's rule on N = {CapacityUnits} units: random patterns, recall started from each stored pattern (3 trials)")
            .AddColumn(new TableColumn("P").RightAligned()).AddColumn(new TableColumn("P/N").RightAligned()).AddColumn(new TableColumn("fixed points").RightAligned())
            .AddColumn(new TableColumn("wrong bits after recall").RightAligned()).AddColumn(new TableColumn("recalled (<= 2% wrong)").RightAligned());
        foreach (var r in rows)
        {
            capacity.AddRow(Cell(r.Patterns), r.Load.ToString("F3", CultureInfo.InvariantCulture), r.StableShare.ToString("P0", CultureInfo.InvariantCulture),
                r.BitErrorRate.ToString("P1", CultureInfo.InvariantCulture), r.RecalledShare.ToString("P0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(capacity);
        var measured = HopfieldDemo.MeasuredCapacity(rows);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"measured capacity (90% of the patterns recalled): [bold]{measured}[/] patterns = {measured / (double)CapacityUnits:F3} N; the classic estimate is 0.138 N = {HopfieldDemo.ClassicLoad * CapacityUnits:F1}."));
        CourseDemoOutput.Wrote(strip);
        return Task.FromResult(0);
    }

    private static string Cell(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static float[] Pixels(double[] pattern) => [.. pattern.Select(v => (float)((v + 1) / 2))];
}
