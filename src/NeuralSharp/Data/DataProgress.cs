namespace NeuralSharp.Data;

/// <summary>Progress of fetching or installing one data file, for a caller that renders a progress bar.</summary>
/// <param name="File">Name of the file being fetched, e.g. <c>train-images-idx3-ubyte</c>.</param>
/// <param name="BytesDone">Bytes transferred or written so far.</param>
/// <param name="TotalBytes">Expected total, or <see langword="null"/> when the source does not say.</param>
/// <param name="Source">Where the bytes come from: a URL, an npm package or a local path.</param>
public readonly record struct DataProgress(string File, long BytesDone, long? TotalBytes, string Source)
{
    /// <summary>Completed share in [0, 1], or <see langword="null"/> when the total is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 and long total ? Math.Clamp((double)BytesDone / total, 0, 1) : null;
}
