using BenchmarkDotNet.Attributes;
using NeuralSharp.Diagnostics;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// What module hooks cost in the 784-512-256-10 MLP step at batch 128, one thread: never registered (the baseline),
/// registered on every layer and removed again (the modules are back to no hooks: must equal the baseline), and
/// <see cref="LayerDiagnostics"/> attached (forward and backward hooks on every layer, per-step parameter statistics).
/// </summary>
[Config(typeof(StepConfig))]
[MemoryDiagnoser]
public class HookOverheadBenchmarks
{
    private MlpStep plain = null!;
    private MlpStep removed = null!;
    private MlpStep diagnosed = null!;
    private LayerDiagnostics diagnostics = null!;

    [GlobalSetup]
    public void Setup()
    {
        Parallelism.ThreadCount = 1;
        plain = new MlpStep(TrainingStepBenchmarks.Batch);
        removed = new MlpStep(TrainingStepBenchmarks.Batch);
        foreach (var (_, module) in removed.Model.NamedModules())
        {
            if (module is Nn.Module m)
            {
                m.RegisterForwardHook((_, _, _) => { }).Remove();
                m.RegisterFullBackwardHook((_, _, _) => { }).Remove();
            }
        }

        diagnosed = new MlpStep(TrainingStepBenchmarks.Batch);
        diagnostics = new LayerDiagnostics();
        diagnostics.Attach(diagnosed.Model);
    }

    [GlobalCleanup]
    public void Cleanup() => diagnostics.Detach();

    [Benchmark(Baseline = true)]
    public float NoHooks() => plain.StepWithArena();

    [Benchmark]
    public float HooksRemoved() => removed.StepWithArena();

    [Benchmark]
    public float WithDiagnostics()
    {
        var loss = diagnosed.StepWithArena();
        diagnostics.AfterStep();
        return loss;
    }
}
