using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// The machine's peak float32 FMA throughput: a register-only loop with twelve independent
/// accumulators (enough to hide the FMA latency on both pipes), no memory traffic. The widest
/// accelerated vector is used, as the GEMM kernels do.
/// </summary>
[Config(typeof(ShortComputeConfig))]
public class PeakFlopsBenchmarks
{
    private const int Iterations = 2_000_000;

    // Each iteration does 12 fused multiply-adds of 16 lanes (or 24 of 8): 384 FLOPs.
    private const int FlopsPerIteration = 384;

    private PeakWork work;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = 2;
        work = new PeakWork { Iterations = Iterations };
    }

    [Benchmark(OperationsPerInvoke = Iterations * FlopsPerIteration)]
    public float OneThread() => Loop(Iterations);

    [Benchmark(OperationsPerInvoke = 2 * Iterations * FlopsPerIteration)]
    public float TwoThreads()
    {
        Parallelism.For(2, 2, ref work);
        return work.Sink;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static float Loop(int iterations) =>
        Vector512.IsHardwareAccelerated ? Loop512(iterations) : Loop256(iterations);

    private static float Loop512(int iterations)
    {
        var x = Vector512.Create(0.999999f);
        var y = Vector512.Create(1e-7f);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, x, y);
            c1 = Vector512.FusedMultiplyAdd(c1, x, y);
            c2 = Vector512.FusedMultiplyAdd(c2, x, y);
            c3 = Vector512.FusedMultiplyAdd(c3, x, y);
            c4 = Vector512.FusedMultiplyAdd(c4, x, y);
            c5 = Vector512.FusedMultiplyAdd(c5, x, y);
            c6 = Vector512.FusedMultiplyAdd(c6, x, y);
            c7 = Vector512.FusedMultiplyAdd(c7, x, y);
            c8 = Vector512.FusedMultiplyAdd(c8, x, y);
            c9 = Vector512.FusedMultiplyAdd(c9, x, y);
            c10 = Vector512.FusedMultiplyAdd(c10, x, y);
            c11 = Vector512.FusedMultiplyAdd(c11, x, y);
        }

        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    private static float Loop256(int iterations)
    {
        var x = Vector256.Create(0.999999f);
        var y = Vector256.Create(1e-7f);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector256<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int i = 0; i < iterations; i++)
        {
            // Two rounds per accumulator keep 384 FLOPs per iteration with 8-lane vectors.
            for (int round = 0; round < 2; round++)
            {
                c0 = Vector256.FusedMultiplyAdd(c0, x, y);
                c1 = Vector256.FusedMultiplyAdd(c1, x, y);
                c2 = Vector256.FusedMultiplyAdd(c2, x, y);
                c3 = Vector256.FusedMultiplyAdd(c3, x, y);
                c4 = Vector256.FusedMultiplyAdd(c4, x, y);
                c5 = Vector256.FusedMultiplyAdd(c5, x, y);
                c6 = Vector256.FusedMultiplyAdd(c6, x, y);
                c7 = Vector256.FusedMultiplyAdd(c7, x, y);
                c8 = Vector256.FusedMultiplyAdd(c8, x, y);
                c9 = Vector256.FusedMultiplyAdd(c9, x, y);
                c10 = Vector256.FusedMultiplyAdd(c10, x, y);
                c11 = Vector256.FusedMultiplyAdd(c11, x, y);
            }
        }

        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    private struct PeakWork : IParallelWork
    {
        public int Iterations;
        public float Sink;

        public void Run(int index) => Sink += Loop(Iterations);
    }
}
