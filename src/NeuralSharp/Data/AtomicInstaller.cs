using System.IO.Compression;
using System.Security.Cryptography;

namespace NeuralSharp.Data;

/// <summary>
/// Installs pinned files into a data set's cache folder: content is written to a temporary file in that folder
/// and renamed into place only when its size and SHA-256 match the pin, so a crash or a bad source never leaves
/// a half-written or wrong file under the real name. Every rejection is noted in <see cref="Attempts"/>.
/// </summary>
internal sealed class AtomicInstaller(string folder, IProgress<DataProgress>? progress)
{
    private const int ProgressStep = 1 << 18;

    /// <summary>Folder that holds the verified files.</summary>
    public string Folder { get; } = folder;

    /// <summary>What each source and each rejected file said, for the final error message.</summary>
    public List<string> Attempts { get; } = [];

    /// <summary>Checks a file's size and SHA-256 against its pin.</summary>
    /// <returns><see langword="null"/> when it matches, otherwise what is wrong.</returns>
    public static async Task<string?> VerifyAsync(string path, IdxFileSpec file, CancellationToken cancellationToken)
    {
        long length = new FileInfo(path).Length;
        if (length != file.Size)
        {
            return $"size is {length:N0} bytes, expected {file.Size:N0}";
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        string actual = Convert.ToHexStringLower(hash);
        return string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"SHA-256 is {actual}, expected {file.Sha256}";
    }

    /// <summary>
    /// Writes a source's content (decompressing gzip when its magic bytes say so) into a temporary file, and renames it
    /// into the cache only when its size and SHA-256 match the pin.
    /// </summary>
    /// <returns>Whether the file is now installed.</returns>
    public async Task<bool> InstallAsync(Stream content, IdxFileSpec file, string origin, long? total, CancellationToken cancellationToken)
    {
        string temp = TempPath(file.Name);
        try
        {
            var sniffed = PrefixedStream.Sniff(content, out bool gzip);
            await using (var inflated = gzip ? new GZipStream(sniffed, CompressionMode.Decompress) : null)
            {
                Stream input = inflated ?? (Stream)sniffed;
                await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long written = await CopyAsync(input, output, hash, file.Size, file.Name, origin, gzip ? file.Size : total ?? file.Size, cancellationToken).ConfigureAwait(false);
                string digest = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (written != file.Size)
                {
                    Attempts.Add($"{origin}: {file.Name} has {written:N0} bytes, expected {file.Size:N0}");
                    return false;
                }

                if (!string.Equals(digest, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    Attempts.Add($"{origin}: SHA-256 of {file.Name} is {digest}, expected {file.Sha256}");
                    return false;
                }
            }

            File.Move(temp, Path.Combine(Folder, file.Name), overwrite: true);
            return true;
        }
        catch (InvalidDataException ex)
        {
            Attempts.Add($"{origin}: corrupt gzip data ({ex.Message})");
            return false;
        }
        catch (DownloadTooLargeException ex)
        {
            Attempts.Add($"{origin}: {ex.Message}");
            return false;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>
    /// Copies at most <paramref name="limit"/> bytes, hashing and reporting progress; more means the wrong file.
    /// <paramref name="stall"/>, when given, is re-armed before each read so that a transfer that stops flowing is cancelled.
    /// </summary>
    /// <returns>The number of bytes copied.</returns>
    public async Task<long> CopyAsync(Stream input, Stream output, IncrementalHash hash, long limit, string fileName, string origin, long? total, CancellationToken cancellationToken, (CancellationTokenSource Source, TimeSpan Timeout)? stall = null)
    {
        var buffer = new byte[1 << 16];
        long done = 0;
        long nextReport = 0;
        while (true)
        {
            stall?.Source.CancelAfter(stall.Value.Timeout);
            int n = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            done += n;
            if (done > limit)
            {
                throw new DownloadTooLargeException($"{fileName} exceeds the expected {limit:N0} bytes");
            }

            hash.AppendData(buffer, 0, n);
            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            if (progress is not null && done >= nextReport)
            {
                progress.Report(new DataProgress(fileName, done, total, origin));
                nextReport = done + ProgressStep;
            }
        }

        progress?.Report(new DataProgress(fileName, done, total ?? done, origin));
        return done;
    }

    /// <summary>Reports that a source has started, before anything is copied from it.</summary>
    public void ReportStart(string name, string origin) => progress?.Report(new DataProgress(name, 0, null, origin));

    /// <summary>A fresh temporary path in the cache folder itself, so that the final rename stays on one volume and is atomic.</summary>
    public string TempPath(string name) => Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");

    /// <summary>Deletes a file if it can; a leftover temporary file is harmless, failing a load over it would not be.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
