using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Kernels;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// Console modes next to BenchmarkDotNet: <c>alloc</c> prints the bytes allocated per warm training
/// step; <c>profile</c> splits the step's time into its phases and compares them with the bare
/// matrix products the step performs, to show how much is GEMM and how much is everything else.
/// </summary>
public static class StepProfiler
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The matrix products of one step of the 784-512-256-10 MLP, as the library issues them. Linear is the
    /// fused LinearOp, y = x W^T + b: one Gemm.Multiply(transA: false, transB: true, rows, out, in) onto y
    /// already holding the broadcast bias (beta = 1). Its backward is dx = dy W (a plain MatMul, NN),
    /// dW = dy^T x (dy^T read as a transposed view, TN, giving [out, in] directly) and db = dy summed over
    /// the rows (no product); the first layer's input needs no gradient, so it has no dx.
    /// Rows: name, transA, transB, m, n, k, beta, phase.
    /// </summary>
    private static (string Name, bool TransA, bool TransB, int M, int N, int K, float Beta, bool Forward)[] Products(int batch) =>
    [
        ("fwd1 b1 + x W1^T", false, true, batch, 512, 784, 1f, true),
        ("fwd2 b2 + h1 W2^T", false, true, batch, 256, 512, 1f, true),
        ("fwd3 b3 + h2 W3^T", false, true, batch, 10, 256, 1f, true),
        ("bwd3 dh2 = dy W3", false, false, batch, 256, 10, 0f, false),
        ("bwd3 dW3 = dy^T h2", true, false, 10, 256, batch, 0f, false),
        ("bwd2 dh1 = dy W2", false, false, batch, 512, 256, 0f, false),
        ("bwd2 dW2 = dy^T h1", true, false, 256, 512, batch, 0f, false),
        ("bwd1 dW1 = dy^T x", true, false, 512, 784, batch, 0f, false),
    ];

    /// <summary>Runs <c>alloc</c> or <c>profile</c>; returns false if <paramref name="args"/> names neither.</summary>
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("alloc" or "profile"))
        {
            return false;
        }

        var steps = args.Length > 1 ? int.Parse(args[1], Inv) : 300;
        switch (args[0])
        {
            case "alloc":
                Alloc(steps);
                return true;
            case "profile":
                Profile(steps);
                return true;
            default:
                return false;
        }
    }

    private static void Header()
    {
        Console.WriteLine($"date {DateTime.UtcNow:u}  .NET {Environment.Version}  {Environment.ProcessorCount} cores  server GC {System.Runtime.GCSettings.IsServerGC}  Vector512 {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}");
    }

    private static void Alloc(int steps)
    {
        Header();
        Console.WriteLine($"bytes allocated per warm training step, 784-512-256-10 ReLU MLP, batch {TrainingStepBenchmarks.Batch}, Adam ({steps} steps after 20 warm-up)");
        foreach (var threads in new[] { 1, 2 })
        {
            Parallelism.ThreadCount = threads;
            foreach (var arena in new[] { true, false })
            {
                var step = new MlpStep(TrainingStepBenchmarks.Batch);
                Console.WriteLine($"threads {threads} arena {(arena ? "yes" : "no "),-3}: {step.MeasureAllocations(arena, 20, steps)}");
            }
        }
    }

    private static void Profile(int steps)
    {
        Header();
        foreach (var batch in new[] { TrainingStepBenchmarks.Batch, 1 })
        {
            foreach (var threads in new[] { 1, 2 })
            {
                Parallelism.ThreadCount = threads;
                ProfileOne(batch, threads, steps);
            }
        }
    }

    private static void ProfileOne(int batch, int threads, int steps)
    {
        var step = new MlpStep(batch);
        var arena = new TensorArena();
        var loss = new NeuralSharp.Losses.CrossEntropyLoss();
        string[] phases = ["zero grad", "forward", "loss (+ item)", "backward", "scope end", "adam step", "whole step"];
        var times = new double[phases.Length][];
        for (var p = 0; p < phases.Length; p++)
        {
            times[p] = new double[steps];
        }

        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        for (var s = -30; s < steps; s++)
        {
            var t0 = Stopwatch.GetTimestamp();
            step.Optimizer.ZeroGrad();
            var t1 = Stopwatch.GetTimestamp();
            long t2, t3, t4;
            using (arena.Scope())
            {
                var output = step.Model.Forward(step.Inputs);
                t2 = Stopwatch.GetTimestamp();
                var l = loss.Compute(output, step.Labels);
                _ = l.Item();
                t3 = Stopwatch.GetTimestamp();
                l.Backward();
                t4 = Stopwatch.GetTimestamp();
            }

            var t5 = Stopwatch.GetTimestamp();
            step.Optimizer.Step();
            var t6 = Stopwatch.GetTimestamp();
            if (s < 0)
            {
                // Warm-up: JIT tiers, arena buffers, optimiser state.
                gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                continue;
            }

            long[] stamps = [t0, t1, t2, t3, t4, t5, t6];
            for (var p = 0; p < phases.Length - 1; p++)
            {
                times[p][s] = Stopwatch.GetElapsedTime(stamps[p], stamps[p + 1]).TotalMicroseconds;
            }

            times[^1][s] = Stopwatch.GetElapsedTime(t0, t6).TotalMicroseconds;
        }

        var gc = (GC.CollectionCount(0) - gcBefore.Item1, GC.CollectionCount(1) - gcBefore.Item2, GC.CollectionCount(2) - gcBefore.Item3);
        var whole = Median(times[^1]);
        Console.WriteLine();
        Console.WriteLine($"== batch {batch}, {threads} thread(s), arena, {steps} steps: median per phase (sum of phase medians need not equal the step median); GCs gen0/1/2 {gc.Item1}/{gc.Item2}/{gc.Item3}");
        for (var p = 0; p < phases.Length; p++)
        {
            var median = Median(times[p]);
            Console.WriteLine(string.Create(Inv, $"  {phases[p],-14} {median,9:F1} us  {100 * median / whole,5:F1}%   (min {times[p].Min(),9:F1} us)"));
        }

        // The same matrix products on their own, on buffers of the same shapes.
        var random = new Random(2);
        double forwardGemm = 0, backwardGemm = 0, flops = 0;
        foreach (var (name, ta, tb, m, n, k, beta, forward) in Products(batch))
        {
            var a = Fill(random, m * k);
            var b = Fill(random, k * n);
            var c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            for (var i = 0; i < 20; i++)
            {
                Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, beta, c, n);
            }

            var samples = new double[Math.Max(50, steps)];
            for (var i = 0; i < samples.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, beta, c, n);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            var med = Median(samples);
            var gflops = 2.0 * m * n * k / (med * 1e3);
            flops += 2.0 * m * n * k;
            Console.WriteLine(string.Create(Inv, $"  gemm {name,-22} {(ta ? "T" : "N")}{(tb ? "T" : "N")} {m,4}x{n,4}x{k,4} {med,8:F1} us {gflops,6:F1} GFLOP/s"));
            if (forward)
            {
                forwardGemm += med;
            }
            else
            {
                backwardGemm += med;
            }
        }

        double fwd = Median(times[1]), bwd = Median(times[3]), lossT = Median(times[2]), adam = Median(times[5]), zero = Median(times[0]), scope = Median(times[4]);
        Console.WriteLine(string.Create(Inv, $"  -> GEMM alone: forward {forwardGemm:F1} us, backward {backwardGemm:F1} us, total {forwardGemm + backwardGemm:F1} us = {100 * (forwardGemm + backwardGemm) / whole:F1}% of the step ({flops / 1e6:F1} MFLOP, {flops / ((forwardGemm + backwardGemm) * 1e3):F1} GFLOP/s; whole step {flops / (whole * 1e3):F1} GFLOP/s)"));
        Console.WriteLine(string.Create(Inv, $"  -> not GEMM: forward {fwd - forwardGemm:F1} us, backward {bwd - backwardGemm:F1} us, loss {lossT:F1} us, adam {adam:F1} us, zero grad {zero:F1} us, scope end {scope:F1} us"));
        AccumulationCost(steps);
        ElementwiseCost(batch, steps);
        ComposedLinearStep(batch, steps, whole);
    }

    /// <summary>
    /// The step's element-wise operations on their own, each through the public tensor API inside an
    /// arena scope, at the hidden layers' shapes ([batch, 512] and [batch, 256] summed).
    /// </summary>
    private static void ElementwiseCost(int batch, int steps)
    {
        var arena = new TensorArena();
        double Time(Func<int, Tensor> op) =>
            MedianMicroseconds(steps, () =>
            {
                using (arena.Scope())
                {
                    _ = op(512);
                }
            }) + MedianMicroseconds(steps, () =>
            {
                using (arena.Scope())
                {
                    _ = op(256);
                }
            });

        var g = new Generator(4);
        var h = new Dictionary<int, Tensor> { [512] = Tensor.Rand([batch, 512], -1, 1, g), [256] = Tensor.Rand([batch, 256], -1, 1, g) };
        var bias = new Dictionary<int, Tensor> { [512] = Tensor.Rand([512], -1, 1, g), [256] = Tensor.Rand([256], -1, 1, g) };
        using (NeuralSharp.Autograd.GradMode.NoGrad())
        {
            var add = Time(n => h[n] + bias[n]);
            var relu = Time(n => h[n].Relu());
            var mask = Time(n => h[n] * h[n].Gt(0));
            var sum0 = Time(n => h[n].Sum([0], keepDim: true));
            Console.WriteLine(string.Create(Inv, $"  -> element-wise, hidden layers summed: bias add (broadcast) {add:F1} us, relu {relu:F1} us, relu-backward-like mask multiply {mask:F1} us, bias gradient Sum(0) {sum0:F1} us"));
        }
    }

    /// <summary>
    /// LinearOp's backward gives each weight's gradient dW = dy^T x as a dense [out, in] matrix, which
    /// BackwardEngine.AccumulateLeaf adds into the weight's gradient with Tensor.AddInPlace. Times that
    /// add for all three weights.
    /// </summary>
    private static void AccumulationCost(int steps)
    {
        double dense = 0;
        for (var layer = 0; layer < MlpStep.Sizes.Length - 1; layer++)
        {
            int input = MlpStep.Sizes[layer], output = MlpStep.Sizes[layer + 1];
            var grad = Tensor.Zeros([output, input]);
            var contiguous = Tensor.Rand([output, input], generator: new Generator(3));
            dense += MedianMicroseconds(steps, () => grad.AddInPlace(contiguous));
        }

        Console.WriteLine(string.Create(Inv, $"  -> weight-gradient accumulation (AddInPlace of a dense [out, in] dW into .Grad, all three layers): {dense:F1} us"));
    }

    /// <summary>
    /// The same step with each layer written as the unfused composition x.MatMul(W.T) + b (a product, then a
    /// separate broadcast add; backward through MatMulOp, PermuteOp and the engine's broadcast sum) instead of
    /// Nn.Linear's fused LinearOp, to show what the fusion saves.
    /// </summary>
    private static void ComposedLinearStep(int batch, int steps, double fusedStep)
    {
        var step = new MlpStep(batch);
        var layers = step.Model.OfType<NeuralSharp.Nn.Linear>().ToArray();
        var loss = new NeuralSharp.Losses.CrossEntropyLoss();
        var arena = new TensorArena();
        var median = MedianMicroseconds(steps, () =>
        {
            step.Optimizer.ZeroGrad();
            using (arena.Scope())
            {
                var h = step.Inputs;
                for (var i = 0; i < layers.Length; i++)
                {
                    h = h.MatMul(layers[i].Weight.T) + layers[i].Bias!;
                    h = i < layers.Length - 1 ? h.Relu() : h;
                }

                var l = loss.Compute(h, step.Labels);
                _ = l.Item();
                l.Backward();
            }

            step.Optimizer.Step();
        });
        Console.WriteLine(string.Create(Inv, $"  -> whole step through x.MatMul(W.T) + b (unfused) {median:F1} us vs {fusedStep:F1} us through Nn.Linear's fused LinearOp ({median / fusedStep:F2}x)"));
    }

    private static double MedianMicroseconds(int samples, Action action)
    {
        for (var i = 0; i < 20; i++)
        {
            action();
        }

        var times = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return Median(times);
    }

    private static float[] Fill(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
