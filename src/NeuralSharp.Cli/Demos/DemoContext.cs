namespace NeuralSharp.Cli.Demos;

/// <summary>What every demo is given: its seed, where to write pictures, where cached data sets live.</summary>
/// <param name="Seed">The random seed (<c>--seed</c>); the same seed prints the same table and draws the same picture.</param>
/// <param name="OutDir">The folder for PNGs and CSVs (<c>--out</c>); created on first write.</param>
/// <param name="DataRoot">The data-set cache (<c>--data</c>), or null for the default.</param>
/// <param name="Quiet">No progress display (output redirected, or <c>--quiet</c>).</param>
/// <param name="Cancel">Set by Ctrl+C.</param>
/// <param name="Epochs">The <c>--epochs</c> value of a demo that has one (<see cref="ICliDemo.DefaultEpochs"/>), or null for its default.</param>
internal sealed record DemoContext(int Seed, string OutDir, string? DataRoot, bool Quiet, CancellationToken Cancel, int? Epochs = null)
{
    /// <summary>The path of a file in <see cref="OutDir"/>, creating the folder.</summary>
    public string OutputPath(string fileName)
    {
        Directory.CreateDirectory(OutDir);
        return Path.Combine(OutDir, fileName);
    }
}
