using System.CommandLine;
using System.Globalization;
using NeuralSharp.Demos;
using NeuralSharp.Diagnostics;
using NeuralSharp.Neurons;
using Spectre.Console;

namespace NeuralSharp.Cli.Commands;

/// <summary><c>neuralsharp demo NAME</c>: the course's small demonstrations, printed step by step.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run one of the course's demonstrations");
        command.Subcommands.Add(Sub("xor", "A 2-2-1 sigmoid network computes XOR: hand-set weights, then trained from random ones", Xor));
        command.Subcommands.Add(Sub("gates", "Threshold logic units as AND, OR, NOT, NAND; the perceptron rule learns AND/OR/NAND but not XOR", Gates));
        command.Subcommands.Add(Sub("backprop", "Every forward value, gradient and update of the worked backpropagation example", Backprop));
        command.Subcommands.Add(Sub("overfitting", "Training error against leave-one-out error as the polynomial degree d grows", Overfitting));
        return command;
    }

    private static Command Sub(string name, string description, Action run)
    {
        var c = new Command(name, description);
        c.SetAction(_ =>
        {
            run();
            return 0;
        });
        return c;
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    private static void Xor()
    {
        PrintTruthTable("hand-set weights: h1 = s(20x1 + 20x2 - 10), h2 = s(-20x1 - 20x2 + 30), y = s(20h1 + 20h2 - 30)", XorDemo.TruthTable(XorDemo.HandSet()));
        var (net, epochs, loss) = XorDemo.Train();
        PrintTruthTable($"trained 2-2-1 network (seed 2, SGD with momentum, quadratic cost): {epochs} epochs, final loss {loss:G3}", XorDemo.TruthTable(net));
    }

    private static void PrintTruthTable(string title, IReadOnlyList<TruthTableRow> rows)
    {
        var table = new Table().RoundedBorder().Title(Markup.Escape(title)).AddColumn("x1").AddColumn("x2").AddColumn("xor").AddColumn(new TableColumn("network").RightAligned()).AddColumn("rounded");
        foreach (var r in rows)
        {
            var ok = Math.Round(r.Output) == r.Expected;
            table.AddRow(r.X1.ToString(CultureInfo.InvariantCulture), r.X2.ToString(CultureInfo.InvariantCulture), r.Expected.ToString(CultureInfo.InvariantCulture),
                F(r.Output), ok ? $"[green]{Math.Round(r.Output)}[/]" : $"[red]{Math.Round(r.Output)}[/]");
        }

        AnsiConsole.Write(table);
    }

    private static void Gates()
    {
        var gates = new (string Name, ThresholdLogicUnit Unit, Func<int, int, int> Truth)[]
        {
            ("AND", ThresholdLogicUnit.And(), (a, b) => a & b),
            ("OR", ThresholdLogicUnit.Or(), (a, b) => a | b),
            ("NAND", ThresholdLogicUnit.Nand(), (a, b) => 1 - (a & b)),
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
    }

    private static void Backprop()
    {
        foreach (var line in BackpropTrace.WorkedExample().Lines)
        {
            Console.WriteLine(line);
        }
    }

    private static void Overfitting()
    {
        var result = OverfittingDemo.Run();
        AnsiConsole.MarkupLine("20 noisy samples of sin(pi x); polynomials of degree d fitted by least squares; errors are mean squared, averaged over leave-one-out folds.");
        Console.WriteLine(result.ToTable("d"));
        AnsiConsole.MarkupLine($"training error falls as d grows; the held-out error falls, then rises: leave-one-out cross-validation picks [bold]d = {result.Best}[/].");
    }
}
