using System.Globalization;
using NeuralSharp.Neurons;
using Spectre.Console;

namespace NeuralSharp.Cli.Demos;

internal sealed class GatesCliDemo : ICliDemo
{
    public string Name => "gates";

    public string Description => "Threshold logic units as AND, OR, NOT, NAND; the perceptron rule learns AND/OR/NAND but not XOR";

    public Task<int> RunAsync(DemoContext context)
    {
        var gates = new (string Name, ThresholdLogicUnit Unit)[]
        {
            ("AND", ThresholdLogicUnit.And()),
            ("OR", ThresholdLogicUnit.Or()),
            ("NAND", ThresholdLogicUnit.Nand()),
        };
        var table = new Table().RoundedBorder().Title("threshold logic units: f(x) = 1 if w.x + b >= 0").AddColumn("a").AddColumn("b");
        foreach (var g in gates)
        {
            table.AddColumn(g.Name);
        }

        foreach (var (a, b) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
        {
            table.AddRow([a.ToString(CultureInfo.InvariantCulture), b.ToString(CultureInfo.InvariantCulture), .. gates.Select(g => g.Unit.Output(a, b).ToString(CultureInfo.InvariantCulture))]);
        }

        AnsiConsole.Write(table);
        var not = ThresholdLogicUnit.Not();
        AnsiConsole.MarkupLine($"NOT: not(0) = {not.Output(0)}, not(1) = {not.Output(1)}  ({Markup.Escape(not.ToString())})");

        var x = Tensor.FromArray([0.0, 0, 0, 1, 1, 0, 1, 1], 4, 2);
        var results = new Table().RoundedBorder().Title("perceptron learning rule (at most 100 epochs)").AddColumn("target").AddColumn("result").AddColumn("weights, bias");
        foreach (var (name, truth) in new (string, Func<int, int, int>)[] { ("AND", (a, b) => a & b), ("OR", (a, b) => a | b), ("NAND", (a, b) => 1 - (a & b)), ("XOR", (a, b) => a ^ b) })
        {
            var y = Tensor.FromArray(new[] { (0, 0), (0, 1), (1, 0), (1, 1) }.Select(p => (double)truth(p.Item1, p.Item2)).ToArray());
            var perceptron = new Perceptron(2);
            var result = perceptron.Train(x, y);
            results.AddRow(name, result.Converged ? $"[green]converged in {result.Epochs} epochs[/]" : $"[red]did not converge in {result.Epochs} epochs[/] (not linearly separable)", Markup.Escape(perceptron.ToString()));
        }

        AnsiConsole.Write(results);
        return Task.FromResult(0);
    }
}
