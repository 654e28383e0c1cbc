using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// The console mode <c>lstm [steps] [rounds] [threads] [gru]</c> (threads: only that count, by default 1 and 2; gru: a GRU in place of the LSTM): one training step of <c>neuralsharp train --model lstm</c> (a batch-first
/// LSTM of 128 units over 28 rows of 28 pixels, last step, dense to 10 classes, cross-entropy, Adam, batch 128) on a
/// random batch, timed in process CPU time as well as wall time, because the machines these run on are shared and a
/// loaded machine makes wall time meaningless; with two threads the CPU time is both threads' together.
/// </summary>
public static class LstmStepProfiler
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs <c>lstm</c>; returns false if <paramref name="args"/> does not name it.</summary>
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "lstm")
        {
            return false;
        }

        var steps = args.Length > 1 ? int.Parse(args[1], Inv) : 50;
        var rounds = args.Length > 2 ? int.Parse(args[2], Inv) : 3;
        int[] threadCounts = args.Length > 3 ? [int.Parse(args[3], Inv)] : [1, 2];
        var gru = args.Length > 4 && args[4] == "gru";
        Console.WriteLine($"date {DateTime.UtcNow:u}  .NET {Environment.Version}  {Environment.ProcessorCount} cores");
        for (var r = 0; r < rounds; r++)
        {
            foreach (var threads in threadCounts)
            {
                Parallelism.ThreadCount = threads;
                Measure(threads, steps, gru);
            }
        }

        return true;
    }

    private static void Measure(int threads, int steps, bool gru)
    {
        var generator = new Generator(1);
        var model = new Sequential(new Unflatten(1, [28, 28]), new LastStep(gru ? new GRU(28, 128, batchFirst: true, generator: generator) : new LSTM(28, 128, batchFirst: true, generator: generator)), new Linear(128, 10, generator: generator));
        var inputs = Tensor.Rand([128, 784], generator: generator);
        var labels = Enumerable.Range(0, 128).Select(_ => generator.NextInt(10)).ToArray();
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-3);
        var loss = new CrossEntropyLoss();
        var arena = new TensorArena();
        var process = Process.GetCurrentProcess();
        var cpu = new double[steps];
        var wall = new double[steps];
        float last = 0;
        long bytes = 0;
        for (var s = -5; s < steps; s++)
        {
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            var b0 = GC.GetTotalAllocatedBytes(precise: true);
            var t0 = Stopwatch.GetTimestamp();
            optimizer.ZeroGrad();
            using (arena.Scope())
            {
                var l = loss.Compute(model.Forward(inputs), labels);
                last = l.Item();
                l.Backward();
            }

            optimizer.Step();
            var t1 = Stopwatch.GetTimestamp();
            var b1 = GC.GetTotalAllocatedBytes(precise: true);
            process.Refresh();
            if (s >= 0)
            {
                cpu[s] = (process.TotalProcessorTime - c0).TotalMilliseconds;
                wall[s] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                bytes += b1 - b0;
            }
        }

        Array.Sort(cpu);
        Array.Sort(wall);
        Console.WriteLine(string.Create(Inv, $"threads {threads}: CPU {cpu[steps / 2],7:F1} ms/step (min {cpu[0],7:F1})  wall {wall[steps / 2],7:F1} ms/step (min {wall[0],7:F1})  {bytes / steps,12:N0} B/step  loss {last:F6}"));
    }
}
