namespace NeuralSharp.Data;

/// <summary>
/// Thrown when a data set is neither in the cache nor obtainable from any source; the message says which
/// files to place in which folder.
/// </summary>
public sealed class DatasetUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Explanation, including what was tried.</param>
    /// <param name="folder">Folder where the files are expected.</param>
    /// <param name="missingFiles">Names of the files that are still missing or invalid.</param>
    public DatasetUnavailableException(string message, string folder, IReadOnlyList<string> missingFiles)
        : base(message)
    {
        Folder = folder;
        MissingFiles = missingFiles;
    }

    /// <summary>Folder where the files are expected.</summary>
    public string Folder { get; }

    /// <summary>Names of the files that are still missing or invalid.</summary>
    public IReadOnlyList<string> MissingFiles { get; }
}
