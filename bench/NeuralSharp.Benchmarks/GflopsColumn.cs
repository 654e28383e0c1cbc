using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NeuralSharp.Benchmarks;

/// <summary>A parameter value that knows how many floating-point operations one invocation does.</summary>
public interface IFlopCount
{
    /// <summary>Floating-point operations (a fused multiply-add counts as two) per invocation.</summary>
    double Flops { get; }
}

/// <summary>
/// GFLOP/s from the median (or the best) time: parameters implementing <see cref="IFlopCount"/>
/// give the operations per invocation; otherwise the benchmark's OperationsPerInvoke is taken to
/// count FLOPs. The best time shows how far the median was pushed by other load on the machine.
/// </summary>
public sealed class GflopsColumn(bool best = false) : IColumn
{
    public string Id => nameof(GflopsColumn) + (best ? ".Best" : ".Median");

    public string ColumnName => best ? "GFLOP/s (best)" : "GFLOP/s (median)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => best ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => best
        ? "Billions of floating-point operations per second at the fastest iteration"
        : "Billions of floating-point operations per second at the median time";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        double time = stats is null ? 0 : best ? stats.Min : stats.Median;
        if (time <= 0)
        {
            return "-";
        }

        // ResultStatistics are per operation: with OperationsPerInvoke counting FLOPs, 1 / ns is GFLOP/s.
        double flops = benchmarkCase.Parameters.Items
            .Select(p => p.Value)
            .OfType<IFlopCount>()
            .Select(f => f.Flops)
            .DefaultIfEmpty(1)
            .First();
        return (flops / time).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
