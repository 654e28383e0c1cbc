using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// The console mode <c>course [epochs] [examples]</c>: the course's 784-30-10 sigmoid network with the quadratic cost
/// and plain SGD (learning rate 3, batch 10), trained by <see cref="Trainer.Fit"/> on random inputs with one-hot
/// targets, as <c>neuralsharp train --layers 784,30,10 --activation sigmoid --loss mse --optimizer sgd --batch 10</c>
/// does on MNIST. Prints each epoch's time per step and the bytes allocated per step, so that the per-op overhead of
/// a small network (allocation, graph nodes, dispatch) can be profiled without the CLI's data loading around it.
/// </summary>
public static class CourseStepProfiler
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs <c>course</c>; returns false if <paramref name="args"/> does not name it.</summary>
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "course")
        {
            return false;
        }

        var epochs = args.Length > 1 ? int.Parse(args[1], Inv) : 5;
        var examples = args.Length > 2 ? int.Parse(args[2], Inv) : 60000;
        Parallelism.ThreadCount = 1;
        var generator = new Generator(1);
        var inputs = Tensor.Rand([examples, 784], generator: generator);
        var labels = Enumerable.Range(0, examples).Select(_ => generator.NextInt(10)).ToArray();
        var targets = Tensor.Zeros([examples, 10]);
        for (var i = 0; i < examples; i++)
        {
            targets[i, labels[i]] = 1f;
        }

        var model = new Sequential(new Linear(784, 30, generator: generator), new Sigmoid(), new Linear(30, 10, generator: generator), new Sigmoid());
        var optimizer = new SGD(model.Parameters(), learningRate: 3.0);
        var data = new TensorDataset(inputs, targets, labels);
        Console.WriteLine($"date {DateTime.UtcNow:u}  .NET {Environment.Version}  course network 784-30-10, batch 10, {examples} examples, 1 thread");
        for (var e = 0; e < epochs; e++)
        {
            var b0 = GC.GetTotalAllocatedBytes(precise: true);
            var t0 = Stopwatch.GetTimestamp();
            var history = Trainer.Fit(model, new QuadraticLoss(), optimizer, data, new FitOptions { Epochs = 1, BatchSize = 10, Generator = new Generator(e) });
            var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            var bytes = GC.GetTotalAllocatedBytes(precise: true) - b0;
            var steps = examples / 10;
            Console.WriteLine($"epoch {e + 1}: {seconds:F3} s, {seconds / steps * 1e6:F1} us/step, {bytes / (double)steps:F0} B/step, loss {history.Epochs[^1].TrainLoss:F4}");
        }

        Stages(model, optimizer, data, epochs);
        Pieces(model, optimizer, inputs);
        Loading(data);
        return true;
    }

    // One epoch of batches alone, in order and shuffled: shuffled rows come from all over a 188 MB array.
    private static void Loading(TensorDataset data)
    {
        foreach (var shuffle in new[] { false, true, false, true })
        {
            var loader = new DataLoader(data, 10, shuffle, new Generator(7)) { ReuseBuffers = true };
            var t0 = Stopwatch.GetTimestamp();
            var n = 0;
            foreach (var batch in loader)
            {
                n++;
            }

            Console.WriteLine($"  batches alone, {(shuffle ? "shuffled" : "in order")}: {Stopwatch.GetElapsedTime(t0).TotalMicroseconds / n,6:F2} us");
        }
    }

    // The step's pieces, each repeated alone: what they cost without the rest of the step around them.
    private static void Pieces(Sequential model, SGD optimizer, Tensor inputs)
    {
        var x = inputs.Narrow(0, 0, 10).Contiguous();
        var w1 = model.Parameters().First();
        var dy = Tensor.Rand([10, 30], generator: new Generator(2));
        var arena = new TensorArena();
        void Time(string name, Action action)
        {
            for (var i = 0; i < 2000; i++)
            {
                using (arena.Scope())
                {
                    action();
                }
            }

            // The median of 21 rounds: rounds that another process interrupted fall to the ends.
            var rounds = new double[21];
            for (var r = 0; r < rounds.Length; r++)
            {
                var t0 = Stopwatch.GetTimestamp();
                const int N = 1000;
                for (var i = 0; i < N; i++)
                {
                    using (arena.Scope())
                    {
                        action();
                    }
                }

                rounds[r] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / N;
            }

            Array.Sort(rounds);
            Console.WriteLine($"  {name,-28} {rounds[rounds.Length / 2],6:F2} us (min {rounds[0]:F2})");
        }

        Console.WriteLine("pieces, each repeated alone (median of 21 rounds of 1,000):");
        using (GradMode.NoGrad())
        {
            Time("forward x W1^T (10x784x30)", () => x.MatMul(w1.T));
            Time("dW1 = dy^T x (30x10x784)", () => dy.T.MatMul(x));
            Time("model forward, no grad", () => model.Forward(x));
        }

        Time("optimizer step", optimizer.Step);
        Time("zero grad", optimizer.ZeroGrad);
    }

    // The step of Trainer.Fit written out, each phase timed on its own over whole epochs, to show where a small step's
    // time goes; anomaly checks are left out (the Fit rows above have them, DetectAnomalies being on by default).
    private static void Stages(Sequential model, SGD optimizer, TensorDataset data, int epochs)
    {
        string[] names = ["batch", "zero grad", "forward", "loss", "item", "backward", "step"];
        var ticks = new long[names.Length];
        var loss = new QuadraticLoss();
        var arena = new TensorArena();
        var steps = 0;
        for (var e = 0; e < epochs; e++)
        {
            var loader = new DataLoader(data, 10, shuffle: true, new Generator(e)) { ReuseBuffers = true };
            using var batches = loader.GetEnumerator();
            var measured = e >= 2;
            while (true)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (!batches.MoveNext())
                {
                    break;
                }

                var batch = batches.Current;
                var t1 = Stopwatch.GetTimestamp();
                optimizer.ZeroGrad();
                var t2 = Stopwatch.GetTimestamp();
                long t3, t4, t5, t6;
                using (arena.Scope())
                {
                    var output = model.Call(batch.Inputs);
                    t3 = Stopwatch.GetTimestamp();
                    var value = loss.Compute(output, batch.Targets!);
                    t4 = Stopwatch.GetTimestamp();
                    _ = value.ItemAsDouble();
                    t5 = Stopwatch.GetTimestamp();
                    value.Backward();
                    t6 = Stopwatch.GetTimestamp();
                }

                optimizer.Step();
                var t7 = Stopwatch.GetTimestamp();
                if (measured)
                {
                    ticks[0] += t1 - t0;
                    ticks[1] += t2 - t1;
                    ticks[2] += t3 - t2;
                    ticks[3] += t4 - t3;
                    ticks[4] += t5 - t4;
                    ticks[5] += t6 - t5;
                    ticks[6] += t7 - t6;
                    steps++;
                }
            }
        }

        var total = ticks.Sum();
        Console.WriteLine($"the step written out, {steps} steps after 2 warm-up epochs: {total * 1e6 / Stopwatch.Frequency / steps:F1} us/step");
        for (var i = 0; i < names.Length; i++)
        {
            Console.WriteLine($"  {names[i],-10} {ticks[i] * 1e6 / Stopwatch.Frequency / steps,6:F2} us  {100.0 * ticks[i] / total,5:F1}%");
        }
    }
}
