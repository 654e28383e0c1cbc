using System.Text.Json;
using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Cli;

/// <summary><c>--json</c> and <c>--quiet</c> (issue 17): the result (as one JSON object, or as its one line) on standard output and nothing else; failures stay one error line.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class JsonOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TrainEvalPredictAndSummaryPrintOnlyTheirResult()
    {
        var csv = _dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(csv, rows: 150);
        var outDir = _dir.File("run");

        using var train = await Json("train", "--dataset", "csv:" + csv, "--epochs", "8", "--batch", "16", "--out", outDir, "--json");
        var model = train.RootElement.GetProperty("model").GetString()!;
        Assert.True(File.Exists(model));
        Assert.Equal("classification", train.RootElement.GetProperty("task").GetString());
        Assert.Equal(8, train.RootElement.GetProperty("history").GetArrayLength());
        var accuracy = train.RootElement.GetProperty("test_accuracy").GetDouble();
        Assert.InRange(accuracy, 0.8, 1.0);

        using var eval = await Json("eval", model, "--test", csv, "--json");
        Assert.Equal(150, eval.RootElement.GetProperty("examples").GetInt32());
        var confusion = eval.RootElement.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        Assert.Equal(150, confusion.Sum(r => r.Sum()));
        Assert.Equal(eval.RootElement.GetProperty("accuracy").GetDouble(), Enumerable.Range(0, confusion.Length).Sum(i => confusion[i][i]) / 150.0, 12);

        var predictions = _dir.File("predictions.csv");
        using var predict = await Json("predict", model, "--csv", csv, "--out", predictions, "--json");
        Assert.Equal(150, predict.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(151, File.ReadAllLines(predictions).Length);

        using var summary = await Json("summary", model, "--json");
        Assert.Equal(summary.RootElement.GetProperty("parameters").GetInt64(), summary.RootElement.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("parameters").GetInt64()));
    }

    [Fact]
    public async Task QuietTrainingPrintsTheResultLineAndNothingElse()
    {
        var csv = _dir.File("quiet.csv");
        CliRunner.WriteBlobsCsv(csv, rows: 100);
        var (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + csv, "--epochs", "3", "--out", _dir.File("quiet"), "--quiet");
        Assert.True(code == 0, error);
        Assert.Equal("", error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^test accuracy \d+\.\d+% after 3 epochs, [\d.]+ s of training$", line);
        Assert.True(File.Exists(_dir.File("quiet/model.safetensors")));
    }

    [Fact]
    public async Task AFailureIsStillOneErrorLineAndNoJson()
    {
        var (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + _dir.File("missing.csv"), "--json");
        Assert.Equal(1, code);
        Assert.Equal("", output.Trim());
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var model = _dir.File("m.safetensors");
        Model.Save(new Sequential(new Linear(4, 3, generator: new Generator(1))), model);
        (code, _, error) = await CliRunner.Run("predict", model, "--csv", _dir.File("rows.csv"), "--json");
        Assert.Equal(1, code);
        Assert.Contains("--json with --csv needs --out", error);

        // A demo has no JSON result: refused before it runs, so nothing is drawn.
        (code, _, error) = await CliRunner.Run("demo", "xor", "--out", _dir.File("xor"), "--json");
        Assert.Equal(1, code);
        Assert.Contains("no JSON result", error);
        Assert.False(Directory.Exists(_dir.File("xor")));
    }

    private static async Task<JsonDocument> Json(params string[] args)
    {
        var (code, output, error) = await CliRunner.Run(args);
        Assert.True(code == 0, error);
        // The whole of standard output is the object: no progress, tables or notes around it.
        return JsonDocument.Parse(output);
    }
}
