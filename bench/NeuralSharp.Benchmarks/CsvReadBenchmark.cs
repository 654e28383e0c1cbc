using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuralSharp.Data;
using nietras.SeparatedValues;

namespace NeuralSharp.Benchmarks;

/// <summary>
/// <c>csv [MB]</c>: how fast <see cref="CsvDataset"/> reads a numeric table of a few hundred MB, beside Sep (a maintained
/// SIMD CSV parser) reading the same file into floats: the measurement behind keeping our own reader or not
/// (issue 17). Prints the median of five reads of each, after one warm-up read.
/// </summary>
internal static class CsvReadBenchmark
{
    public static bool TryRun(string[] args)
    {
        if (args.Length == 0 || args[0] != "csv")
        {
            return false;
        }

        var megabytes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var path = Path.Combine(Path.GetTempPath(), $"neuralsharp-csv-bench-{megabytes}.csv");
        if (!File.Exists(path))
        {
            Write(path, megabytes);
        }

        var bytes = new FileInfo(path).Length;
        Console.WriteLine($"date {DateTime.UtcNow:u}  .NET {Environment.Version}  {Environment.ProcessorCount} cores  file {bytes / 1e6:F0} MB, 20 features + label per row");
        Report("NeuralSharp CsvDataset", bytes, () => CsvDataset.Load(path).Count);
        Report("Sep 0.18 into float[]", bytes, () => ReadWithSep(path));
        return true;
    }

    private static void Report(string name, long bytes, Func<int> read)
    {
        var rows = read();
        var seconds = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            rows = read();
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        seconds.Sort();
        var median = seconds[2];
        Console.WriteLine($"{name,-24} {rows:N0} rows  median {median:F2} s  ({bytes / 1e6 / median:F0} MB/s; min {seconds[0]:F2}, max {seconds[4]:F2})");
    }

    private static int ReadWithSep(string path)
    {
        using var reader = Sep.Reader(o => o with { HasHeader = false }).FromFile(path);
        var features = new List<float>();
        var labels = new List<float>();
        foreach (var row in reader)
        {
            var last = row.ColCount - 1;
            for (var c = 0; c < last; c++)
            {
                features.Add(row[c].Parse<float>());
            }

            labels.Add(row[last].Parse<float>());
        }

        return labels.Count;
    }

    private static void Write(string path, int megabytes)
    {
        var g = new Random(1);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder();
        long written = 0;
        while (written < megabytes * 1_000_000L)
        {
            line.Clear();
            for (var c = 0; c < 20; c++)
            {
                line.Append((g.NextDouble() * 20 - 10).ToString("F4", CultureInfo.InvariantCulture)).Append(',');
            }

            line.Append(g.Next(10).ToString(CultureInfo.InvariantCulture)).Append('\n');
            writer.Write(line);
            written += line.Length;
        }
    }
}
