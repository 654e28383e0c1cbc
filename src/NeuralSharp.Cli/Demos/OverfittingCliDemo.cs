using NeuralSharp.Demos;
using Spectre.Console;

namespace NeuralSharp.Cli.Demos;

internal sealed class OverfittingCliDemo : ICliDemo
{
    public string Name => "overfitting";

    public string Description => "Training error against leave-one-out error as the polynomial degree d grows";

    public Task<int> RunAsync(DemoContext context)
    {
        var result = OverfittingDemo.Run();
        AnsiConsole.MarkupLine("20 noisy samples of sin(pi x); polynomials of degree d fitted by least squares; errors are mean squared, averaged over leave-one-out folds.");
        Console.WriteLine(result.ToTable("d"));
        AnsiConsole.MarkupLine($"training error falls as d grows; the held-out error falls, then rises: leave-one-out cross-validation picks [bold]d = {result.Best}[/].");
        return Task.FromResult(0);
    }
}
