using System.Diagnostics;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>
/// Times training steps of one small network, a 784-128-10 ReLU MLP with cross-entropy and Adam on a fixed random batch
/// of 64, the same way everywhere: the browser playground's benchmark page and the desktop's <c>browser-step</c>
/// benchmark mode call this, so their figures compare the runtimes, not two programs.
/// </summary>
public static class StepTiming
{
    /// <summary>The batch size of the timed steps.</summary>
    public const int Batch = 64;

    /// <summary>Runs <paramref name="warmup"/> untimed steps, then returns the milliseconds of each of <paramref name="steps"/> timed ones.</summary>
    public static double[] Run(int warmup = 5, int steps = 30, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var g = new Generator(seed);
        var net = new Sequential(new Linear(784, 128, generator: g), new ReLU(), new Linear(128, 10, generator: g));
        var x = Tensor.Rand([Batch, 784], generator: g);
        var labels = Enumerable.Range(0, Batch).Select(_ => g.NextInt(10)).ToArray();
        var optimizer = new Adam(net.Parameters(), 1e-3);
        var loss = new CrossEntropyLoss();
        var arena = new TensorArena();
        var times = new double[steps];
        for (var i = 0; i < warmup + steps; i++)
        {
            var clock = Stopwatch.StartNew();
            optimizer.ZeroGrad();
            using (arena.Scope())
            {
                loss.Compute(net.Call(x), labels).Backward();
            }

            optimizer.Step();
            if (i >= warmup)
            {
                times[i - warmup] = clock.Elapsed.TotalMilliseconds;
            }
        }

        return times;
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
