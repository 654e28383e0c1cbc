using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using NeuralSharp.Backends;
using NeuralSharp.Kernels;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// The console mode <c>lenet [threads] [steps] [rounds] [step]</c> (<c>step</c>: without the passes on both paths): the LeNet-5 training step of <c>neuralsharp train
/// --model lenet --batch 64</c> (zero grad, forward, cross-entropy, backward, Adam) on a random batch at the given
/// thread count, timed in process CPU time (clock_gettime's CLOCK_PROCESS_CPUTIME_ID, to the nanosecond, because
/// the machines these run on are shared and a loaded machine makes wall time meaningless; with two threads it is
/// both threads' time together) and wall time; then each layer's forward and backward pass timed alone.
/// </summary>
/// <remarks>The whole step warms up for max(50, steps / 2) steps first, so that tiered compilation has finished
/// (its background compiles would otherwise count as CPU time). The per-layer times run the layers one at a time on detached inputs, each layer's backward pass from
/// the gradient the next one sent back, so that each pass is timed by itself; their sum is close to, not exactly,
/// the whole step's.</remarks>
public static partial class LeNetStepProfiler
{
    private const int Batch = 64;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Runs <c>lenet</c>; returns false if <paramref name="args"/> does not name it.</summary>
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "lenet")
        {
            return false;
        }

        var threads = args.Length > 1 ? int.Parse(args[1], Inv) : 1;
        var steps = args.Length > 2 ? int.Parse(args[2], Inv) : 100;
        var rounds = args.Length > 3 ? int.Parse(args[3], Inv) : 1;
        var passes = args.Length <= 4 || args[4] != "step";
        Parallelism.ThreadCount = threads;
        Console.WriteLine($"date {DateTime.UtcNow:u}  .NET {Environment.Version}  {Environment.ProcessorCount} cores  threads {threads}");
        var generator = new Generator(1);
        var model = LeNetInference.Build(generator);
        var inputs = Tensor.Rand([Batch, 784], generator: generator);
        var labels = Enumerable.Range(0, Batch).Select(_ => generator.NextInt(10)).ToArray();
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-3);
        for (var r = 0; r < rounds; r++)
        {
            WholeStep(model, optimizer, inputs, labels, steps);
            Layers(model, inputs, labels, steps);
            if (passes)
            {
                Passes(steps);
            }
        }

        return true;
    }

    /// <summary>
    /// Each convolution pass of the step alone, on the kernels: the unfold-and-GEMM path and the direct kernels
    /// alternately, call by call, so that both see the same load (CPU ms, median).
    /// </summary>
    private static void Passes(int steps)
    {
        Console.WriteLine("convolution pass (CPU ms, median)      im2col    direct");
        Pass("conv1 forward  1->6 28x28 pad 2", new ConvGeometry(1, 28, 28, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2), 6, 0, steps);
        Pass("conv1 weight gradient", new ConvGeometry(1, 28, 28, 5, 5, PadTop: 2, PadBottom: 2, PadLeft: 2, PadRight: 2), 6, 2, steps);
        Pass("conv2 forward  6->16 14x14", new ConvGeometry(6, 14, 14, 5, 5), 16, 0, steps);
        Pass("conv2 input gradient", new ConvGeometry(6, 14, 14, 5, 5), 16, 1, steps);
        Pass("conv2 weight gradient", new ConvGeometry(6, 14, 14, 5, 5), 16, 2, steps);
        var depthwise = new ConvGeometry(32, 28, 28, 3, 3, PadTop: 1, PadBottom: 1, PadLeft: 1, PadRight: 1);
        Pass("depthwise 32 3x3 28x28 forward", depthwise, 32, 0, steps, 32);
        Pass("depthwise input gradient", depthwise, 32, 1, steps, 32);
        Pass("depthwise weight gradient", depthwise, 32, 2, steps, 32);
    }

    private static void Pass(string name, ConvGeometry g, int outChannels, int which, int steps, int groups = 1)
    {
        var random = new Random(1);
        float[] Fill(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() - 0.5f)];
        int positions = g.OutHeight * g.OutWidth, image = g.Channels * g.Height * g.Width;
        var x = Fill(Batch * image);
        var w = Fill(outChannels * g.PatchSize / groups);
        var b = Fill(outChannels);
        var dy = Fill(Batch * outChannels * positions);
        var y = new float[Batch * outChannels * positions];
        var dx = new float[Batch * image];
        var db = new float[outChannels];
        var columns = new float[Batch * g.PatchSize * positions];
        var dw = new float[w.Length];
        var times = new double[2, steps];
        for (var s = -10; s < steps; s++)
        {
            for (var k = 0; k < 2; k++)
            {
                var direct = k == 1;
                var t0 = CpuMilliseconds();
                switch (which)
                {
                    case 0:
                        Conv2dKernels.Forward(Batch, x, 0, w, 0, b, 0, g, groups, outChannels, direct ? null : columns, 0, y, 0, direct);
                        break;
                    case 1:
                        Conv2dKernels.BackwardInput(Batch, dy, 0, w, 0, g, groups, outChannels, dx, 0, direct);
                        break;
                    default:
                        Conv2dKernels.BackwardWeight(Batch, dy, 0, direct ? null : columns, 0, x, 0, g, groups, outChannels, dw, 0, db, 0, direct);
                        break;
                }

                if (s >= 0)
                {
                    times[k, s] = CpuMilliseconds() - t0;
                }
            }
        }

        Console.WriteLine(string.Create(Inv, $"{name,-36} {Median(times, 0, steps),9:F3} {Median(times, 1, steps),9:F3}"));
    }

    /// <summary>This process's CPU time (all threads) in milliseconds, or 0 where clock_gettime is not there.</summary>
    private static double CpuMilliseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        }

        Native.ClockGetTime(2, out var t); // CLOCK_PROCESS_CPUTIME_ID
        return (t.Seconds * 1e3) + (t.Nanoseconds * 1e-6);
    }

    private static void WholeStep(Sequential model, Adam optimizer, Tensor inputs, int[] labels, int steps)
    {
        var loss = new CrossEntropyLoss();
        var arena = new TensorArena();
        var cpu = new double[steps];
        var wall = new double[steps];
        float last = 0;
        long bytes = 0;
        for (var s = -Math.Max(50, steps / 2); s < steps; s++)
        {
            var c0 = CpuMilliseconds();
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
            if (s >= 0)
            {
                cpu[s] = CpuMilliseconds() - c0;
                wall[s] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                bytes += b1 - b0;
            }
        }

        Array.Sort(cpu);
        Array.Sort(wall);
        Console.WriteLine(string.Create(Inv, $"step: CPU {cpu[steps / 2],7:F3} ms (min {cpu[0],7:F3})  wall {wall[steps / 2],7:F3} ms (min {wall[0],7:F3})  {bytes / steps,10:N0} B/step  loss {last:F6}"));
    }

    private static void Layers(Sequential model, Tensor inputs, int[] labels, int steps)
    {
        var layers = new List<Module>();
        Flatten(model, layers);
        var loss = new CrossEntropyLoss();
        var arena = new TensorArena();
        int count = layers.Count;
        var forward = new double[count, steps];
        var backward = new double[count, steps];
        var forwardWall = new double[count, steps];
        var backwardWall = new double[count, steps];
        var outs = new Tensor[count];
        var ins = new Tensor[count];
        for (var s = -5; s < steps; s++)
        {
            using (arena.Scope())
            {
                var h = inputs;
                for (var i = 0; i < count; i++)
                {
                    // Layers after the first convolution get a detached input that needs a gradient, as they would inside
                    // the whole graph; the first two (the reshape and the first convolution) see the data, which needs none.
                    ins[i] = i == 0 ? h : h.Detach();
                    ins[i].RequiresGrad = i > 1;
                    var (t0, w0) = (CpuMilliseconds(), Stopwatch.GetTimestamp());
                    outs[i] = layers[i].Forward(ins[i]);
                    var (t1, w1) = (CpuMilliseconds(), Stopwatch.GetTimestamp());
                    h = outs[i];
                    if (s >= 0)
                    {
                        (forward[i, s], forwardWall[i, s]) = (t1 - t0, Stopwatch.GetElapsedTime(w0, w1).TotalMilliseconds);
                    }
                }

                var l = loss.Compute(h, labels);
                var (b0, v0) = (CpuMilliseconds(), Stopwatch.GetTimestamp());
                l.Backward(); // the last layer's backward pass, with the loss's
                if (s >= 0)
                {
                    (backward[count - 1, s], backwardWall[count - 1, s]) = (CpuMilliseconds() - b0, Stopwatch.GetElapsedTime(v0).TotalMilliseconds);
                }

                var grad = ins[count - 1].Grad!;
                for (var i = count - 2; i >= 1; i--)
                {
                    var (t0, w0) = (CpuMilliseconds(), Stopwatch.GetTimestamp());
                    outs[i].Backward(grad);
                    var (t1, w1) = (CpuMilliseconds(), Stopwatch.GetTimestamp());
                    if (s >= 0)
                    {
                        (backward[i, s], backwardWall[i, s]) = (t1 - t0, Stopwatch.GetElapsedTime(w0, w1).TotalMilliseconds);
                    }

                    grad = i > 1 ? ins[i].Grad! : grad;
                }
            }

            foreach (var p in model.Parameters())
            {
                p.Grad = null;
            }
        }

        Console.WriteLine("layer (medians, ms)         fwd CPU    bwd CPU   fwd wall   bwd wall");
        double fs = 0, bs = 0, fws = 0, bws = 0;
        for (var i = 0; i < count; i++)
        {
            var (f, b) = (Median(forward, i, steps), Median(backward, i, steps));
            var (fw, bw) = (Median(forwardWall, i, steps), Median(backwardWall, i, steps));
            (fs, bs, fws, bws) = (fs + f, bs + b, fws + fw, bws + bw);
            Console.WriteLine(string.Create(Inv, $"{i,2} {Describe(layers[i]),-24} {f,9:F3} {b,10:F3} {fw,10:F3} {bw,10:F3}"));
        }

        Console.WriteLine(string.Create(Inv, $"   {"sum",-24} {fs,9:F3} {bs,10:F3} {fws,10:F3} {bws,10:F3}"));
    }

    private static string Describe(Module m)
    {
        var text = (m.ToString() ?? m.GetType().Name).Split('\n')[0].Trim();
        return text.Length > 24 ? text[..24] : text;
    }

    private static void Flatten(Module m, List<Module> into)
    {
        if (m is Sequential s)
        {
            foreach (var child in s)
            {
                Flatten(child, into);
            }
        }
        else
        {
            into.Add(m);
        }
    }

    private static double Median(double[,] times, int row, int steps)
    {
        var v = new double[steps];
        for (var s = 0; s < steps; s++)
        {
            v[s] = times[row, s];
        }

        Array.Sort(v);
        return v[steps / 2];
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "clock_gettime")]
        public static partial int ClockGetTime(int clock, out TimeSpec time);
    }
}
