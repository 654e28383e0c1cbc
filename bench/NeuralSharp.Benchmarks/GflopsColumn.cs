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
/// GFLOP/s from the median time: parameters implementing <see cref="IFlopCount"/> give the
/// operations per invocation; otherwise the benchmark's OperationsPerInvoke is taken to count FLOPs.
/// </summary>
public sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);

    public string ColumnName => "GFLOP/s (median)";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Billions of floating-point operations per second at the median time";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        if (stats is null || stats.Median <= 0)
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
        return (flops / stats.Median).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
