using NeuralSharp.Cli.Setup;
using NeuralSharp.Data;
using Spectre.Console;

namespace NeuralSharp.Cli.Demos;

/// <summary>MNIST for the demos that train on it: read from the cache (<c>--data</c>), fetched on first use (or, in tests, the images of <see cref="DataSource.BuiltInOverride"/>).</summary>
internal static class MnistForDemos
{
    public static async Task<(ImageDataset Train, ImageDataset Test)> LoadAsync(DemoContext context)
    {
        if (DataSource.BuiltInOverride.Value?.Invoke("mnist") is { } sets)
        {
            return sets;
        }

        var progress = context.Quiet ? null : new Progress();
        var train = await Mnist.LoadTrainAsync(context.DataRoot, progress, context.Cancel);
        var test = await Mnist.LoadTestAsync(context.DataRoot, progress, context.Cancel);
        return (train, test);
    }

    /// <summary>One line per file fetched (nothing when the files are cached).</summary>
    private sealed class Progress : IProgress<DataProgress>
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
