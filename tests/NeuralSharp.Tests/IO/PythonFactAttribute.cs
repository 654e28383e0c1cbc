using System.Collections.Concurrent;
using System.Diagnostics;

namespace NeuralSharp.Tests.IO;

/// <summary>
/// A fact that is reported as skipped, with the reason, when <c>/usr/bin/python3</c> (and optionally
/// its torch module, or another module it names) is not available, since xunit 2 cannot skip from inside a running test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> PythonMissing = new(() => Probe("pass"));
    private static readonly Lazy<string?> TorchMissing = new(() => Probe("import torch"));
    private static readonly ConcurrentDictionary<string, Lazy<string?>> ModuleMissing = new(StringComparer.Ordinal);

    /// <param name="requireTorch">Skip unless torch imports.</param>
    /// <param name="requireModule">Skip unless this module imports (e.g. <c>google.protobuf</c>).</param>
    public PythonFactAttribute(bool requireTorch = false, string? requireModule = null)
    {
        var reason = PythonMissing.Value ?? (requireTorch ? TorchMissing.Value : null)
            ?? (requireModule is null ? null : ModuleMissing.GetOrAdd(requireModule, m => new Lazy<string?>(() => Probe($"import {m}"))).Value);
        if (reason is not null)
        {
            Skip = reason;
        }
    }

    /// <returns>null when <paramref name="code"/> runs successfully, otherwise why not.</returns>
    private static string? Probe(string code)
    {
        if (!File.Exists(Python))
        {
            return $"{Python} not found";
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, ["-c", code])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                return $"'{Python} -c \"{code}\"' timed out";
            }

            return process.ExitCode == 0
                ? null
                : $"'{Python} -c \"{code}\"' failed: {stderr.Result.Trim().Split('\n').LastOrDefault()}";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
        {
            return $"{Python} could not be started: {ex.Message}";
        }
    }
}
