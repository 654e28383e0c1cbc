using System.Diagnostics;
using NeuralSharp.Cli;
using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Cli;

/// <summary>A fact that runs only where a process can be sent SIGINT with <c>kill</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/kill") && !File.Exists("/usr/bin/kill"))
        {
            Skip = "needs a Unix kill command to send SIGINT";
        }
    }
}

/// <summary>Issue 18, item 11: Ctrl+C stops training after the current batch, keeps the last complete epoch's model, says so and exits with 130.</summary>
public sealed class CtrlCTests
{
    [UnixFact]
    public async Task SigintDuringTrainingLeavesTheLastEpochsModelAndExits130()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(csv, rows: 3000);
        var outDir = dir.File("out");
        var cli = typeof(CliApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { cli, "train", "--dataset", "csv:" + csv, "--layers", "4,64,3", "--batch", "4", "--epochs", "10000", "--threads", "1", "--out", outDir })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var firstEpoch = new TaskCompletionSource();
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("epoch 2:", StringComparison.Ordinal) == true)
            {
                firstEpoch.TrySetResult();
            }
        };
        var errorText = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();
        try
        {
            await firstEpoch.Task.WaitAsync(TimeSpan.FromSeconds(120));
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        var error = await errorText;
        string printed;
        lock (output)
        {
            printed = output.ToString();
        }

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{printed}\n{error}");
        Assert.Equal("error: cancelled", error.Trim());
        var saved = int.Parse(System.Text.RegularExpressions.Regex.Match(printed, @"holds the model after epoch (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(saved >= 2, printed);
        Assert.DoesNotContain("wrote ", printed);

        // The checkpoint is a complete model of that epoch, with the run metadata eval needs, and no temporary is left.
        var model = Model.Load<Module>(Path.Combine(outDir, "model.safetensors"), out var metadata);
        Assert.Equal(saved.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata["epoch"]);
        Assert.Contains("\"dataset\":\"csv:", metadata[NeuralSharp.Cli.Setup.SavedModel.RunKey]);
        Assert.Equal(4 * 64 + 64 + (64 * 3) + 3, model.ParameterCount);
        Assert.Equal(["model.safetensors"], Directory.GetFiles(outDir).Select(Path.GetFileName));
    }
}
