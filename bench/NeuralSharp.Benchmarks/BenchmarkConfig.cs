using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// Short runs (the whole GEMM suite in a few minutes) that still give a median over enough
/// iterations to see through the noise of a shared machine.
/// </summary>
public sealed class ShortComputeConfig : ManualConfig
{
    public ShortComputeConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(150))
            .WithId("Short"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new GflopsColumn(), new GflopsColumn(best: true));
        AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median);
    }
}
