using NeuralSharp.Cli.Plots;
using NeuralSharp.Diagnostics;
using NeuralSharp.IO;

namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 13's command line: train --diagnostics and gradcheck, on the 100-image MNIST fixture.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DiagnosticsCliTests : FixtureMnistCommandTests
{
    [Fact]
    public async Task TrainWithDiagnosticsWritesTheTableAndThePictures()
    {
        var outDir = Dir.File("run");
        var (code, output, error) = await CliRunner.Run("train", "--layers", "784,32,16,10", "--epochs", "3", "--batch", "20", "--diagnostics", "--out", outDir);
        Assert.True(code == 0, error + output);
        Assert.Contains($"diagnostics.csv, {DiagnosticsPlots.GradientsFile}, {DiagnosticsPlots.LayersFile}", output.ReplaceLineEndings(string.Empty), StringComparison.Ordinal);

        var lines = File.ReadAllLines(Path.Combine(outDir, "diagnostics.csv"));
        Assert.Equal(string.Join(',', DiagnosticsCsv.Columns), lines[0]);

        // Per epoch: five leaf layers (Linear, ReLU, Linear, ReLU, Linear) and six parameters.
        Assert.Equal(1 + (3 * (5 + 6)), lines.Length);
        var relu = lines.Where(l => l.StartsWith("3,layer,1,ReLU,", StringComparison.Ordinal)).Single().Split(',');
        var active = double.Parse(relu[6], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(active, 0.05, 0.95);
        Assert.NotEmpty(relu[7]); // dead fraction: an activation's
        var linear = lines.Single(l => l.StartsWith("3,layer,0,Linear,", StringComparison.Ordinal)).Split(',');
        Assert.Empty(linear[7]);
        var weight = lines.Single(l => l.StartsWith("3,parameter,0.weight,", StringComparison.Ordinal)).Split(',');
        Assert.InRange(double.Parse(weight[10], System.Globalization.CultureInfo.InvariantCulture), 1e-6, 1e-1);

        PngAssert.Drawn(Path.Combine(outDir, DiagnosticsPlots.GradientsFile), 1200, 420, 0.01, 3).Dispose();
        PngAssert.Drawn(Path.Combine(outDir, DiagnosticsPlots.LayersFile), 1200, 840, 0.01, 3).Dispose();
    }

    [Fact]
    public async Task GradcheckPassesOnATrainedConvNetworkAndReportsEachParameter()
    {
        var model = await Train("lenet-run", "--model", "lenet");
        var (code, output, error) = await CliRunner.Run("gradcheck", model, "--samples", "6", "--batch", "2");
        Assert.True(code == 0, error + output);
        Assert.Contains("all 10 parameters' gradients agree", output);
        Assert.Matches(@"1\.0\.weight[^\n]*\[6, 1, 5, 5\][^\n]*6[^\n]*ok", output);

        (code, var json, error) = await CliRunner.Run("gradcheck", model, "--samples", "3", "--json");
        Assert.True(code == 0, error);
        using var report = System.Text.Json.JsonDocument.Parse(json);
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        Assert.All(report.RootElement.GetProperty("parameters").EnumerateArray(), p => Assert.True(p.GetProperty("max_relative_error").GetDouble() < 1e-4));
    }

    [Fact]
    public async Task GradcheckRefusesBadArguments()
    {
        var (code, _, error) = await CliRunner.Run("gradcheck", Dir.File("missing.safetensors"));
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error);
        var model = await Train("mlp-run", "--layers", "784,8,10");
        (code, _, error) = await CliRunner.Run("gradcheck", model, "--samples", "0");
        Assert.Equal(1, code);
        Assert.Contains("--samples", error);
    }

    [Fact]
    public async Task InitFromFineTunesTheSavedNetworkAndFreezeKeepsLayersFixed()
    {
        var model = await Train("base", "--layers", "784,16,10");
        var before = Model.Load(model);
        var outDir = Dir.File("tuned");
        var (code, output, error) = await CliRunner.Run("train", "--init-from", model, "--freeze", "0", "--epochs", "1", "--batch", "20", "--out", outDir);
        Assert.True(code == 0, error + output);
        Assert.Contains("the network of", output);
        Assert.Contains("frozen: 0 (170 of 12,730 parameters trained)", output);

        var after = Model.Load(Path.Combine(outDir, "model.safetensors"));
        Assert.Equal(before.StateDict()["0.weight"].ToArray(), after.StateDict()["0.weight"].ToArray());
        Assert.NotEqual(before.StateDict()["2.weight"].ToArray(), after.StateDict()["2.weight"].ToArray());

        // With --model, the recipe's network gets the saved weights by name, with the report.
        (code, output, error) = await CliRunner.Run("train", "--init-from", model, "--model", "mlp", "--layers", "784,16,10", "--epochs", "1", "--out", Dir.File("by-name"));
        Assert.True(code == 0, error + output);
        Assert.Contains("loaded 4 tensor(s)", output);

        (code, _, error) = await CliRunner.Run("train", "--init-from", model, "--model", "lenet", "--epochs", "1", "--out", Dir.File("none"));
        Assert.Equal(1, code);
        Assert.Contains("no tensor's name and shape match", error);

        (code, _, error) = await CliRunner.Run("train", "--init-from", model, "--freeze", "body", "--epochs", "1", "--out", Dir.File("bad"));
        Assert.Equal(1, code);
        Assert.Contains("--freeze body", error);
        Assert.Contains("the layers are: 0, 1, 2", error);

        (code, _, error) = await CliRunner.Run("train", "--freeze", "0", "--epochs", "1", "--out", Dir.File("bad2"));
        Assert.Equal(1, code);
        Assert.Contains("--init-from", error);
    }

    [Fact]
    public async Task InitFromReplacesTheOutputLayerWhenTheClassesDiffer()
    {
        var three = Dir.File("three.csv");
        CliRunner.WriteBlobsCsv(three);
        var two = Dir.File("two.csv");
        File.WriteAllLines(two, File.ReadAllLines(three).Where((l, i) => i == 0 || !l.EndsWith(",2", StringComparison.Ordinal)));
        var (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + three, "--layers", "4,8,3", "--epochs", "2", "--out", Dir.File("three"));
        Assert.True(code == 0, error + output);

        (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + two, "--init-from", Dir.File("three/model.safetensors"), "--epochs", "2", "--out", Dir.File("two"));
        Assert.True(code == 0, error + output);
        Assert.Contains("its output layer '2' replaced by a fresh one for 2 outputs", output);
        var tuned = Model.Load(Dir.File("two/model.safetensors"));
        Assert.Equal([2, 8], tuned.StateDict()["2.weight"].Shape.ToArray());

        (code, _, error) = await CliRunner.Run("train", "--init-from", Dir.File("three/model.safetensors"), "--epochs", "1", "--out", Dir.File("mnist"));
        Assert.Equal(1, code);
        Assert.Contains("4 inputs", error);
    }

    [Fact]
    public async Task TeacherTrainsAStudentByDistillation()
    {
        var teacher = await Train("teacher", "--layers", "784,32,10", "--epochs", "2");
        var (code, output, error) = await CliRunner.Run("train", "--layers", "784,8,10", "--teacher", teacher, "--temperature", "3", "--alpha", "0.5", "--epochs", "1", "--batch", "20", "--out", Dir.File("student"));
        Assert.True(code == 0, error + output);
        Assert.Contains("TeacherLoss(temperature=3, alpha=0.5", output);
        Assert.Contains("test accuracy", output);

        (code, _, error) = await CliRunner.Run("train", "--teacher", teacher, "--loss", "mse", "--epochs", "1", "--out", Dir.File("mse"));
        Assert.Equal(1, code);
        Assert.Contains("--teacher", error);

        (code, _, error) = await CliRunner.Run("train", "--teacher", teacher, "--temperature", "0", "--epochs", "1", "--out", Dir.File("t0"));
        Assert.Equal(1, code);
        Assert.Contains("--temperature 0", error);
    }

    private async Task<string> Train(string name, params string[] args)
    {
        var outDir = Dir.File(name);
        string[] epochs = args.Contains("--epochs") ? [] : ["--epochs", "1"];
        var (code, output, error) = await CliRunner.Run(["train", .. epochs, "--batch", "20", .. args, "--out", outDir]);
        Assert.True(code == 0, error + output);
        return Path.Combine(outDir, "model.safetensors");
    }
}
