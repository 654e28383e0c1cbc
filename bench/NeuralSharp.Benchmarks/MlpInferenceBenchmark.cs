using System.Diagnostics;
using System.Globalization;
using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// <c>mlp-inference [threads...]</c>: the CLI's default network (<see cref="MlpStep.Build"/>) in evaluation mode
/// under <see cref="GradMode.NoGrad"/> on random inputs: the median latency of one image and the median throughput
/// at batch 1000, the procedure of bench/pytorch/mlp_inference.py (500 warm-up calls, the median of 3000
/// single-image forwards, the median of 7 rounds of 20 forwards of the batch). <c>lenet-inference [threads...]</c> does
/// the same for LeNet-5 (<see cref="LeNetInference.Build"/>) at batch 256, the batch of bench/pytorch/mnist_cnn.py
/// --inference-only, without BenchmarkDotNet's minutes.
/// </summary>
public static class MlpInferenceBenchmark
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("mlp-inference" or "lenet-inference"))
        {
            return false;
        }

        var lenet = args[0] == "lenet-inference";
        var (name, size) = lenet ? ("LeNet-5", 256) : ("MLP", 1000);

        int[] threadCounts = args.Length > 1 ? [.. args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [1, 2];
        var generator = new Generator(1);
        var model = lenet ? LeNetInference.Build(generator) : MlpStep.Build(generator);
        model.Eval();
        var one = Tensor.Rand([1, 784], generator: generator);
        var batch = Tensor.Rand([size, 784], generator: generator);
        foreach (var threads in threadCounts)
        {
            Parallelism.ThreadCount = threads;
            using (GradMode.NoGrad())
            {
                for (var i = 0; i < 500; i++)
                {
                    model.Forward(one);
                }

                var latencies = new double[3000];
                for (var i = 0; i < latencies.Length; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    model.Forward(one);
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                }

                for (var i = 0; i < 5; i++)
                {
                    model.Forward(batch);
                }

                var rounds = new double[7];
                for (var r = 0; r < rounds.Length; r++)
                {
                    var start = Stopwatch.GetTimestamp();
                    for (var i = 0; i < 20; i++)
                    {
                        model.Forward(batch);
                    }

                    rounds[r] = 20 * size / Stopwatch.GetElapsedTime(start).TotalSeconds;
                }

                var latencyUs = Median(latencies) * 1e6;
                var throughput = Median(rounds);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"NeuralSharp {name} inference, {threads} threads: batch 1 median {latencyUs:F1} us, batch {size} median {throughput:N0} images/s"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"csv,{args[0]},{threads},{latencyUs:F1},{throughput:F0}"));
            }
        }

        return true;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
