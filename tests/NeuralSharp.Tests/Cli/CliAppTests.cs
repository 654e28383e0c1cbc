using System.Globalization;
using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Cli;

/// <summary>The CLI run in-process; its console is redirected to check what it prints (see <see cref="CliRunner"/>).</summary>
[Collection(ConsoleCollection.Name)]
public class CliAppTests
{
    /// <summary>A failure is one line on the error writer, "error: ...", with no stack trace, and a non-zero code.</summary>
    private static void AssertOneLineFailure(int code, string error, string? mentions = null)
    {
        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected one line, got {lines.Length}:\n{error}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain(" at NeuralSharp", error);
        Assert.DoesNotContain("Exception", error);
        if (mentions is not null)
        {
            Assert.Contains(mentions, lines[0]);
        }
    }

    [Theory]
    [InlineData(new[] { "train", "--no-such-option" }, "--no-such-option")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    [InlineData(new[] { "train", "--epochs", "0" }, "--epochs")]
    [InlineData(new[] { "train", "--batch", "0" }, "--batch")]
    [InlineData(new[] { "train", "--epochs", "ten" }, "ten")]
    [InlineData(new[] { "train", "--activation", "nope" }, "nope")]
    [InlineData(new[] { "train", "--loss", "nope" }, "nope")]
    [InlineData(new[] { "train", "--dropout", "1.5" }, "--dropout")]
    [InlineData(new[] { "train", "--dataset", "csv:/does/not/exist.csv" }, "/does/not/exist.csv")]
    [InlineData(new[] { "eval", "/missing.safetensors" }, "/missing.safetensors")]
    [InlineData(new[] { "summary", "/missing.safetensors" }, "/missing.safetensors")]
    [InlineData(new[] { "demo", "nope" }, "nope")]
    [InlineData(new[] { "train", "--model", "nope" }, "--model nope")]
    public async Task BadArgumentsFailWithOneLine(string[] args, string mentions)
    {
        var (code, _, error) = await CliRunner.Run(args);
        AssertOneLineFailure(code, error, mentions);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("train", "--help")]
    public async Task HelpNamesTheToolAsUsersTypeIt(params string[] args)
    {
        var (code, output, _) = await CliRunner.Run(args);
        Assert.Equal(0, code);
        Assert.Contains("neuralsharp " + (args.Length > 1 ? args[0] + " " : "") + "[", output);
        Assert.DoesNotContain("NeuralSharp.Cli", output);
    }

    [Fact]
    public async Task PredictOnACorruptModelFailsWithOneLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("corrupt.safetensors");
        var bytes = new byte[300];
        new Random(4).NextBytes(bytes);
        await File.WriteAllBytesAsync(path, bytes);

        var (code, _, error) = await CliRunner.Run("predict", path, "--index", "0");
        AssertOneLineFailure(code, error);
    }

    [Fact]
    public async Task PredictNeedsAnImageOrAnIndexButNotBoth()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        Model.Save(new Sequential(new Linear(4, 3, generator: new Generator(1))), path);

        var (code, _, error) = await CliRunner.Run("predict", path);
        AssertOneLineFailure(code, error, "--index");
        (code, _, error) = await CliRunner.Run("predict", path, dir.File("x.png"), "--index", "1");
        AssertOneLineFailure(code, error, "--index");
    }

    [Fact]
    public async Task PredictOnAFileThatIsNotAnImageFailsWithOneLine()
    {
        using var dir = new TempDirectory();
        var model = dir.File("model.safetensors");
        Model.Save(new Sequential(new Linear(784, 10, generator: new Generator(1))), model);
        var notImage = dir.File("notes.png");
        await File.WriteAllTextAsync(notImage, "this is not a picture");

        var (code, _, error) = await CliRunner.Run("predict", model, notImage);
        AssertOneLineFailure(code, error, "not an image");
    }

    [Fact]
    public async Task LayersThatDoNotMatchTheDataFailWithOneLine()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(csv, rows: 30);

        var (code, _, error) = await CliRunner.Run("train", "--dataset", "csv:" + csv, "--layers", "5,3", "--epochs", "1", "--out", dir.File("out"), "--quiet");
        AssertOneLineFailure(code, error, "4 inputs and 3 classes");
        Assert.False(Directory.Exists(dir.File("out")));
    }

    private static async Task<string> RunDemo(string name)
    {
        var (code, output, error) = await CliRunner.Run("demo", name);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        return output;
    }

    [Fact]
    public async Task XorDemoPrintsTwoNetworksThatComputeXor()
    {
        var output = await RunDemo("xor");
        // The tables' titles wrap to the tables' width.
        var text = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
        Assert.Contains("hand-set weights: h1 = s(20x1 + 20x2 - 10), h2 = s(-20x1 - 20x2 + 30), y = s(20h1 + 20h2 - 30)", text);
        Assert.Contains("trained 2-2-1 network", text);

        // Two tables (hand-set, trained), each with the four inputs: x1, x2, xor, network output, rounded.
        var rows = new[] { "0", "1" }.SelectMany(x1 => CliRunner.Rows(output, x1)).ToArray();
        Assert.Equal(8, rows.Length);
        foreach (var r in rows)
        {
            var xor = (int.Parse(r[0], CultureInfo.InvariantCulture) + int.Parse(r[1], CultureInfo.InvariantCulture)) % 2;
            Assert.Equal(xor.ToString(CultureInfo.InvariantCulture), r[2]);
            Assert.Equal(r[2], r[4]);
            Assert.InRange(Math.Abs(double.Parse(r[3], CultureInfo.InvariantCulture) - xor), 0, 0.1);
        }
    }

    [Fact]
    public async Task GatesDemoPrintsTruthTablesAndThePerceptronRule()
    {
        var output = await RunDemo("gates");

        // a, b, AND, OR, NAND for the four inputs.
        string[][] truth = [["0", "0", "0", "0", "1"], ["0", "1", "0", "1", "1"], ["1", "0", "0", "1", "1"], ["1", "1", "1", "1", "0"]];
        var rows = new[] { "0", "1" }.SelectMany(a => CliRunner.Rows(output, a)).ToArray();
        Assert.Equal(truth, rows);
        Assert.Contains("NOT: not(0) = 1, not(1) = 0", output);

        foreach (var gate in new[] { "AND", "OR", "NAND" })
        {
            Assert.StartsWith("converged in ", Assert.Single(CliRunner.Rows(output, gate))[1]);
        }

        Assert.StartsWith("did not converge in 100 epochs", Assert.Single(CliRunner.Rows(output, "XOR"))[1]);
    }

    [Fact]
    public async Task BackpropDemoPrintsTheWorkedNumbers()
    {
        var output = await RunDemo("backprop");

        // The worked 2-2-2 example: forward values, E_total, and every weight after one step with eta = 0.5.
        Assert.Equal(0.593269992, CliRunner.Value(output, "out_h1 = 1 / (1 + e^-net_h1)"), 9);
        Assert.Equal(0.772928465, CliRunner.Value(output, "out_o2 = 1 / (1 + e^-net_o2)"), 9);
        Assert.Equal(0.298371109, CliRunner.Value(output, "E_total"), 9);
        double[] updated = [0.149780716, 0.199561432, 0.249751144, 0.299502287, 0.358916480, 0.408666186, 0.511301270, 0.561370121];
        for (var i = 0; i < updated.Length; i++)
        {
            Assert.Equal(updated[i], CliRunner.Value(output, $"w{i + 1}"), 9);
        }
    }

    [Fact]
    public async Task OverfittingDemoPrintsTheErrorTableAndTheChosenDegree()
    {
        var output = await RunDemo("overfitting");

        // Rows "d  train error  validation error", the lowest validation error marked and named as the choice.
        var rows = output.Split('\n')
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(c => c.Length >= 3 && int.TryParse(c[0], CultureInfo.InvariantCulture, out _) && double.TryParse(c[1], CultureInfo.InvariantCulture, out _))
            .Select(c => (D: int.Parse(c[0], CultureInfo.InvariantCulture), Train: double.Parse(c[1], CultureInfo.InvariantCulture), Validation: double.Parse(c[2], CultureInfo.InvariantCulture), Marked: c.Length > 3))
            .ToArray();
        Assert.Equal(Enumerable.Range(0, rows.Length), rows.Select(r => r.D));
        Assert.True(rows.Length >= 5, output);
        for (var i = 1; i < rows.Length; i++)
        {
            Assert.True(rows[i].Train <= rows[i - 1].Train, $"training error rose from d = {i - 1} to d = {i}");
        }

        var best = rows.MinBy(r => r.Validation);
        Assert.Equal(best.D, Assert.Single(rows, r => r.Marked).D);
        Assert.Contains($"leave-one-out cross-validation picks d = {best.D}.", System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "));
        Assert.True(rows[^1].Validation > best.Validation * 10, "the held-out error of the largest degree does not rise");
    }

    [Fact]
    public async Task TrainOnACsvThenSummaryEvalAndPredict()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(csv);
        var outDir = dir.File("run");

        var (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + csv, "--layers", "4,16,3", "--epochs", "3", "--batch", "16",
            "--lr", "0.05", "--validation-split", "0.25", "--out", outDir);
        Assert.True(code == 0, error);
        Assert.Equal("", error);
        Assert.Contains("blobs.csv: 120 training, 40 validation and 40 test examples, 4 inputs, 3 classes", output);
        Assert.Contains("test set: 20% of the rows of blobs.csv held out (stratified by class, seed 1); scored once, after training", output);
        Assert.Contains("validation set: 25% of the training rows (stratified by class, seed 1); scored after every epoch", output);
        Assert.Contains("network 4-16-3 relu, 131 parameters", output);

        Assert.Equal(1400, PngAssert.Drawn(Path.Combine(outDir, "curves.png"), 1400, 500, minInkShare: 0.02, minColours: 20).Width);
        Assert.Equal(800, PngAssert.Drawn(Path.Combine(outDir, "confusion.png"), 800, 720, minInkShare: 0.4, minColours: 20).Width);
        // Table rows are no pictures: there is no grid of misclassified images.
        Assert.False(File.Exists(Path.Combine(outDir, "misclassified.png")));

        var history = await File.ReadAllLinesAsync(Path.Combine(outDir, "history.csv"));
        Assert.Equal(4, history.Length);
        using (var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "history.json"))))
        {
            Assert.Equal(3, json.RootElement.GetArrayLength());
        }

        // The history table printed one row per epoch: epoch, train loss, train acc, val loss, val acc, seconds, examples/s.
        var epochs = Enumerable.Range(1, 3).Select(e => Assert.Single(CliRunner.Rows(output, e.ToString(CultureInfo.InvariantCulture)))).ToArray();
        Assert.All(epochs, r => Assert.Equal(7, r.Length));
        Assert.All(epochs, r => Assert.InRange(double.Parse(r[4].TrimEnd('%'), CultureInfo.InvariantCulture), 0, 100));
        Assert.Contains("val acc", output);

        var modelPath = Path.Combine(outDir, "model.safetensors");
        var model = Model.Load(modelPath);
        Assert.Equal((4 * 16) + 16 + (16 * 3) + 3, model.ParameterCount);
        double testAccuracy;
        using (var run = System.Text.Json.JsonDocument.Parse(SafeTensorsFile.Read(modelPath).Metadata["cli.run"]))
        {
            // The blobs are far apart: three epochs are enough to classify the held-out fifth well.
            testAccuracy = run.RootElement.GetProperty("test_accuracy").GetDouble();
            Assert.True(testAccuracy >= 0.9);
        }

        var percent = (100 * testAccuracy).ToString("F2", CultureInfo.InvariantCulture) + "%";
        Assert.Contains($"test accuracy {percent} after 3 epochs", output);

        (code, output, error) = await CliRunner.Run("summary", modelPath);
        Assert.True(code == 0, error);
        Assert.Contains("Total parameters: 131", output);
        Assert.Contains("Training examples: 120 =", output);
        Assert.Equal(["0", "Linear(in_features=4, out_features=16, bias=True)", "[1, 16]", "80"], SummaryRow(output, "0"));
        Assert.Equal(["2", "Linear(in_features=16, out_features=3, bias=True)", "[1, 3]", "51"], SummaryRow(output, "2"));

        (code, output, error) = await CliRunner.Run("eval", modelPath, "--dataset", "csv:" + csv);
        Assert.True(code == 0, error);
        var evaluation = AssertEvaluation(output, 40, percent);

        // A model file may not choose a file to read: without --dataset, the recorded CSV is used only when the user confirms it.
        (code, _, error) = await CliRunner.Run("eval", modelPath);
        AssertOneLineFailure(code, error, "--dataset csv:PATH");
        (code, _, error) = await CliRunner.Run("predict", modelPath, "--index", "3");
        AssertOneLineFailure(code, error, "--recorded-dataset");
        (code, output, error) = await CliRunner.Run("eval", modelPath, "--recorded-dataset");
        Assert.True(code == 0, error);
        Assert.Equal(evaluation, AssertEvaluation(output, 40, percent));

        (code, output, error) = await CliRunner.Run("predict", modelPath, "--index", "3", "--recorded-dataset");
        Assert.True(code == 0, error);
        var ranks = new[] { "1", "2", "3" }.Select(r => Assert.Single(CliRunner.Rows(output, r))).ToArray();
        var probabilities = ranks.Select(r => double.Parse(r[2].TrimEnd('%'), CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(["0", "1", "2"], ranks.Select(r => r[1]).Order());
        Assert.Equal(probabilities.OrderDescending(), probabilities);
        Assert.InRange(probabilities.Sum(), 99.9, 100.1);
        Assert.Contains("true class: ", output);

        (code, _, error) = await CliRunner.Run("predict", modelPath, "--index", "1000", "--dataset", "csv:" + csv);
        AssertOneLineFailure(code, error, "--index 1000");
    }

    /// <summary>A row of the summary's layer table (columns separated by runs of spaces): layer, type, output shape, parameters.</summary>
    private static string[] SummaryRow(string output, string layer) =>
        output.Split('\n')
            .Where(l => l.StartsWith(layer + " ", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Split(l.Trim(), @"\s{2,}"))
            .Single();

    /// <summary>
    /// Checks eval's report: its accuracy line, and a confusion matrix whose counts add up to the examples and whose
    /// diagonal gives that accuracy. Returns the accuracy line.
    /// </summary>
    private static string AssertEvaluation(string output, int examples, string percent)
    {
        var line = output.Split('\n').Single(l => l.Contains(" test set, ", StringComparison.Ordinal));
        Assert.Contains($"test set, {examples} examples: accuracy {percent}, loss ", line);
        Assert.Contains("macro F1 ", line);

        var rows = new[] { "0", "1", "2" }.Select(c => Assert.Single(CliRunner.Rows(output, c))).ToArray();
        var counts = rows.Select(r => r[1..4].Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(examples, counts.Sum(r => r.Sum()));
        var correct = Enumerable.Range(0, 3).Sum(i => counts[i][i]);
        Assert.Equal(percent, (100.0 * correct / examples).ToString("F2", CultureInfo.InvariantCulture) + "%");
        return line[line.IndexOf("test set", StringComparison.Ordinal)..];
    }
}
