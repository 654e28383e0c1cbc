namespace NeuralSharp.Data;

/// <summary>Takes the files (raw or <c>.gz</c>) from the folder an installed Debian package puts them in.</summary>
internal sealed class DebianPackageSource(string folder, AtomicInstaller installer) : IDatasetSource
{
    /// <inheritdoc/>
    public async Task FetchAsync(List<IdxFileSpec> missing, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            installer.Attempts.Add($"{folder}: not present (install the Debian package that provides it)");
            return;
        }

        foreach (IdxFileSpec file in missing.ToArray())
        {
            string? path = new[] { file.Name + ".gz", file.Name }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);
            if (path is null)
            {
                installer.Attempts.Add($"{folder}: {file.Name}(.gz) not found");
                continue;
            }

            await using var stream = File.OpenRead(path);
            if (await installer.InstallAsync(stream, file, path, null, cancellationToken).ConfigureAwait(false))
            {
                missing.Remove(file);
            }
        }
    }
}
