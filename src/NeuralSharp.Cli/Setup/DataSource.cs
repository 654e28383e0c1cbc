using NeuralSharp.Data;
using Spectre.Console;

namespace NeuralSharp.Cli.Setup;

/// <summary>The training and test data named by <c>--dataset</c>: <c>mnist</c>, <c>fashion-mnist</c> or <c>csv:PATH</c>.</summary>
internal sealed record DataSource(string Name, ImageDataset Train, ImageDataset Test)
{
    public int Inputs => Train.PixelsPerImage;

    public int Classes => Train.ClassCount;

    public IReadOnlyList<string> ClassNames =>
        Train.ClassNames ?? Enumerable.Range(0, Classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Loads (fetching and caching if needed) the data set, resampled to <paramref name="size"/> x <paramref name="size"/> pixels for images.</summary>
    public static async Task<DataSource> LoadAsync(string spec, string? dataRoot, int size, bool quiet, CancellationToken cancel)
    {
        var name = spec.ToLowerInvariant();
        DataSource source;
        if (name.StartsWith("csv:", StringComparison.Ordinal))
        {
            var path = spec[4..];
            var csv = CsvDataset.Load(path);
            var labels = csv.GetClassLabels();
            var classes = labels.Length == 0 ? 0 : labels.Max() + 1;
            var all = new ImageDataset(csv.Features, Array.ConvertAll(labels, l => checked((byte)l)), 1, csv.FeatureCount, classes);
            var (train, test) = all.Split(0.8, new Random(0));
            return new DataSource(path, train, test);
        }

        var progress = quiet ? null : new DownloadProgress();
        (ImageDataset Train, ImageDataset Test) sets = name switch
        {
            "mnist" => (await Mnist.LoadTrainAsync(dataRoot, progress, cancel), await Mnist.LoadTestAsync(dataRoot, progress, cancel)),
            "fashion-mnist" or "fashion" => (await FashionMnist.LoadTrainAsync(dataRoot, progress, cancel), await FashionMnist.LoadTestAsync(dataRoot, progress, cancel)),
            _ => throw new ArgumentException($"unknown data set '{spec}': use mnist, fashion-mnist or csv:PATH"),
        };
        source = new DataSource(name, sets.Train, sets.Test);
        if (size != sets.Train.Rows)
        {
            if (size is not (16 or 28))
            {
                throw new ArgumentException($"--size {size}: images can be 28 (as published) or 16 (the 256-input variant)");
            }

            source = source with { Train = sets.Train.Resize(size, size), Test = sets.Test.Resize(size, size) };
        }

        return source;
    }

    /// <summary>Prints one line per file fetched; the library itself prints nothing.</summary>
    private sealed class DownloadProgress : IProgress<DataProgress>
    {
        private string? _current;

        public void Report(DataProgress value)
        {
            if (value.File != _current)
            {
                _current = value.File;
                AnsiConsole.MarkupLine($"[grey]fetching {Markup.Escape(value.File)} from {Markup.Escape(value.Source)}[/]");
            }
        }
    }
}
