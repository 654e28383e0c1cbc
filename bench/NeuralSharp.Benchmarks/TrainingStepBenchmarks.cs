using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using NeuralSharp.Autograd;
using NeuralSharp.Nn;
using Perfolizer.Horology;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// Whole-step runs: each invocation is milliseconds, so fewer, longer iterations than the GEMM
/// config, still enough for a median on a shared machine.
/// </summary>
public sealed class StepConfig : ManualConfig
{
    public StepConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(25)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Step"));
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
    }
}

/// <summary>
/// One training step of the 784-512-256-10 ReLU MLP at batch 128 (zero grad, forward,
/// cross-entropy, backward, Adam), with the step's tensors in a TensorArena scope as Trainer.Fit
/// does and without one, on 1 and 2 threads. bench/pytorch/mlp_step.py times the same step.
/// </summary>
/// <remarks>GlobalSetup also prints the bytes allocated per warm step (lines starting "// alloc").</remarks>
[Config(typeof(StepConfig))]
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    /// <summary>Examples per step.</summary>
    public const int Batch = 128;

    private MlpStep step = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        step = new MlpStep(Batch);
        foreach (var arena in new[] { true, false })
        {
            Console.WriteLine($"// alloc threads={Threads} arena={arena}: {step.MeasureAllocations(arena, warmup: 10, steps: 50)}");
        }
    }

    [Benchmark(Baseline = true)]
    public float StepWithArena() => step.StepWithArena();

    [Benchmark]
    public float StepWithoutArena() => step.StepWithoutArena();
}

/// <summary>
/// Inference with the same MLP: a forward pass in evaluation mode under GradMode.NoGrad, for one
/// example (latency) and a batch of 128, on 1 and 2 threads.
/// </summary>
[Config(typeof(StepConfig))]
[MemoryDiagnoser]
public class InferenceBenchmarks
{
    private Sequential model = null!;
    private Tensor inputs = null!;

    [Params(1, 128)]
    public int Batch { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = Threads;
        var generator = new Generator(1);
        model = MlpStep.Build(generator);
        model.Eval();
        inputs = Tensor.Rand([Batch, MlpStep.Sizes[0]], generator: generator);
    }

    [Benchmark]
    public Tensor Forward()
    {
        using (GradMode.NoGrad())
        {
            return model.Forward(inputs);
        }
    }
}
