using BenchmarkDotNet.Attributes;
using NeuralSharp.Kernels;

namespace NeuralSharp.Benchmarks;

/// <summary>One GEMM shape: C[M, N] = A[M, K] * B[K, N], nothing transposed.</summary>
public sealed record GemmShape(int M, int K, int N) : IFlopCount
{
    public double Flops => 2.0 * M * K * N;

    public override string ToString() => $"{M}x{K}x{N}";
}

/// <summary>
/// Single-precision matrix products at MLP-sized and square shapes, 1 and 2 threads. The
/// shapes match bench/pytorch/gemm.py.
/// </summary>
[Config(typeof(ShortComputeConfig))]
public class GemmBenchmarks
{
    private float[] a = [];
    private float[] b = [];
    private float[] c = [];

    public static IEnumerable<GemmShape> Shapes =>
    [
        new(1024, 1024, 1024),
        new(256, 256, 256),
        new(128, 784, 512),
        new(10, 784, 30),
        new(1, 784, 128),
    ];

    [ParamsSource(nameof(Shapes))]
    public GemmShape Shape { get; set; } = new(1, 1, 1);

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        var random = new Random(1);
        a = Fill(random, Shape.M * Shape.K);
        b = Fill(random, Shape.K * Shape.N);
        c = new float[Shape.M * Shape.N];
    }

    [Benchmark]
    public void Multiply() =>
        Gemm.Multiply(false, false, Shape.M, Shape.N, Shape.K, 1f, a, Shape.K, b, Shape.N, 0f, c, Shape.N);

    private static float[] Fill(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
