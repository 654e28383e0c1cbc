using System.Globalization;
using NeuralSharp.Demos;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// <c>browser-step [repeats]</c>: the desktop side of the browser comparison, the playground's <c>/benchmark</c> page's step
/// (<see cref="StepTiming"/>) on one thread, as the page runs it; prints the median milliseconds of each repeat.
/// </summary>
public static class BrowserStepBenchmark
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "browser-step")
        {
            return false;
        }

        var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        Parallelism.ThreadCount = 1; // a page has one thread
        for (var r = 0; r < repeats; r++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"browser-step desktop, 1 thread: median {StepTiming.Median(StepTiming.Run()):F3} ms per step"));
        }

        return true;
    }
}
