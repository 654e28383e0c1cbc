using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuralSharp.Cli.Setup;
using NeuralSharp.IO;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 17: tabular data through the CLI (CSV format, test and validation sets, scaling, regression, predictions).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TabularCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly double[][] Centres = [[2.0, 0, 0, 1], [-2.0, 1, 0, -1], [0.0, -2, 2, 0]];

    /// <summary>
    /// Three well separated classes named <paramref name="names"/>, the label in column <paramref name="labelAt"/>, with the
    /// features scaled by <paramref name="scale"/> and shifted by <paramref name="shift"/>.
    /// </summary>
    private string Blobs(string file, string[] names, int rows = 150, char delimiter = ',', int labelAt = 4, double scale = 1, double shift = 0, int seed = 5)
    {
        var g = new Generator(seed);
        var sb = new StringBuilder();
        var header = new List<string> { "f1", "f2", "f3", "f4" };
        header.Insert(labelAt, "species");
        sb.Append(string.Join(delimiter, header)).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var c = i % 3;
            var fields = Enumerable.Range(0, 4).Select(f => ((shift + (scale * (Centres[c][f] + (0.3 * g.NextNormal())))).ToString("R", CultureInfo.InvariantCulture))).ToList();
            fields.Insert(labelAt, names[c]);
            sb.Append(string.Join(delimiter, fields)).Append('\n');
        }

        var path = _dir.File(file);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    /// <summary>y = 3 x1 - 2 x2 + 10 + small noise, fractional.</summary>
    private string Linear(string file, int rows = 200, int seed = 3)
    {
        var g = new Generator(seed);
        var sb = new StringBuilder("x1,x2,y\n");
        for (var i = 0; i < rows; i++)
        {
            double x1 = g.NextNormal(), x2 = g.NextNormal();
            var y = (3 * x1) - (2 * x2) + 10 + (0.05 * g.NextNormal());
            sb.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{y:R}\n");
        }

        var path = _dir.File(file);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static JsonElement Run(string model) => JsonDocument.Parse(SafeTensorsFile.Read(model).Metadata["cli.run"]).RootElement.Clone();

    private static async Task<string> Succeeds(params string[] args)
    {
        var (code, output, error) = await CliRunner.Run(args);
        Assert.True(code == 0, error + output);
        return output;
    }

    private static async Task<string> FailsWithOneLine(string mentions, params string[] args)
    {
        var (code, _, error) = await CliRunner.Run(args);
        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, error);
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("Exception", error);
        Assert.Contains(mentions, lines[0]);
        return lines[0];
    }

    /// <summary>A train command line: 15 epochs of batches of 16 unless <paramref name="more"/> says otherwise.</summary>
    private string[] Train(string data, params string[] more) =>
        ["train", "--dataset", "csv:" + data, .. more.Contains("--epochs") ? [] : new[] { "--epochs", "15" }, "--batch", "16", "--out", _dir.File("run"), .. more];

    [Fact]
    public async Task ClassNamesInTheFirstColumnOfASemicolonFileTrainEvalAndPredict()
    {
        var data = Blobs("iris.csv", ["setosa", "versicolor", "virginica"], delimiter: ';', labelAt: 0);
        var output = await Succeeds(Train(data, "--label", "species"));
        Assert.Contains("iris.csv: 120 training and 30 test examples, 4 inputs, 3 classes", output);
        var model = _dir.File("run/model.safetensors");
        var run = Run(model);
        Assert.Equal(["setosa", "versicolor", "virginica"], run.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(";", run.GetProperty("csv").GetProperty("delimiter").GetString());
        Assert.Equal("species", run.GetProperty("csv").GetProperty("label").GetString());
        var accuracy = run.GetProperty("test_accuracy").GetDouble();
        Assert.True(accuracy >= 0.9, output);

        // The label by index is the same column.
        Assert.Contains("3 classes", await Succeeds(Train(data, "--label", "0", "--delimiter", "semicolon")));

        // eval reads the file as training did (delimiter, label column) and names the classes in the confusion matrix.
        output = await Succeeds("eval", model, "--dataset", "csv:" + data);
        Assert.Contains("test set, 30 examples: accuracy", output);
        var counts = new[] { "setosa", "versicolor", "virginica" }.Select(c => Assert.Single(CliRunner.Rows(output, c))[1..4].Sum(v => int.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(30, counts.Sum());

        // predict --csv takes rows with or without the label and writes the class and each class's probability.
        var rows = _dir.File("rows.csv");
        var lines = File.ReadAllLines(data);
        File.WriteAllLines(rows, [string.Join(';', lines[0].Split(';')[1..]), .. lines.Skip(1).Take(6).Select(l => string.Join(';', l.Split(';')[1..]))]);
        var predictions = _dir.File("predictions.csv");
        output = await Succeeds("predict", model, "--csv", rows, "--out", predictions);
        Assert.Contains("wrote predictions for 6 rows", output);
        var written = File.ReadAllLines(predictions);
        Assert.Equal("line,predicted,p_setosa,p_versicolor,p_virginica", written[0]);
        Assert.Equal(7, written.Length);
        for (var i = 1; i < written.Length; i++)
        {
            var f = written[i].Split(',');
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), f[0]);
            var p = f[2..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(p.Sum(), 0.999, 1.001);
            Assert.Equal(new[] { "setosa", "versicolor", "virginica" }[Array.IndexOf(p, p.Max())], f[1]);
        }

        // With the label column, the file's classes are the true ones (rows alternate the three classes): nearly all agree.
        output = await Succeeds("predict", model, "--csv", data);
        var scored = output.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0])).Select(l => l.Split(',')[1]).ToArray();
        Assert.Equal(150, scored.Length);
        Assert.True(scored.Select((c, i) => c == new[] { "setosa", "versicolor", "virginica" }[i % 3]).Count(x => x) >= 135);
    }

    [Fact]
    public async Task LabelsFromOneAndAbove255AreTheirDistinctValues()
    {
        var data = Blobs("wine.csv", ["1", "2", "3"]);
        var output = await Succeeds(Train(data, "--epochs", "1"));
        Assert.Contains("4 inputs, 3 classes", output);
        Assert.Equal(["1", "2", "3"], Run(_dir.File("run/model.safetensors")).GetProperty("classes").EnumerateArray().Select(e => e.GetString()));

        data = Blobs("big.csv", ["256", "1000", "70000"]);
        output = await Succeeds(Train(data, "--epochs", "1"));
        Assert.Contains("4 inputs, 3 classes", output);
        Assert.Equal(["256", "1000", "70000"], Run(_dir.File("run/model.safetensors")).GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task FormatErrorsNameTheFileLineAndColumn()
    {
        var data = _dir.File("bad.csv");
        await File.WriteAllTextAsync(data, "a,b,label\n1,x,0\n2,3,1\n");
        var line = await FailsWithOneLine("line 2", Train(data));
        Assert.Contains("bad.csv", line);
        Assert.Contains("column 2 ('b')", line);

        await File.WriteAllTextAsync(data, "value\n1\n2\n3\n");
        await FailsWithOneLine("only one column", Train(data));
        await FailsWithOneLine("no column named 'kind'", Train(Blobs("b.csv", ["a", "b", "c"]), "--label", "kind"));
        await FailsWithOneLine("--header", Train(data, "--header", "maybe"));
        await FailsWithOneLine("--delimiter", Train(data, "--delimiter", "ab"));
    }

    [Fact]
    public async Task ASpaceOrNothingAfterCsvIsAClearError()
    {
        var data = Blobs("b.csv", ["a", "b", "c"]);
        await FailsWithOneLine("no space: --dataset csv:" + data, "train", "--dataset", "csv:", data, "--quiet");
        await FailsWithOneLine("right after the colon", "train", "--dataset", "csv:", "--quiet");
        var stray = await FailsWithOneLine("right after the colon", "train", "--dataset", "csv:", "data.csv", "--quiet");
        Assert.Contains("--dataset csv:data.csv", stray);
        await FailsWithOneLine("Unrecognized command or argument 'extra'", "train", "extra");
        // A space inside the quoted value is forgiven.
        Assert.Contains("3 classes", await Succeeds(["train", "--dataset", "csv: " + data, "--epochs", "1", "--out", _dir.File("run")]));
        await FailsWithOneLine("--size", Train(data, "--size", "16"));
    }

    [Fact]
    public async Task TestAndValidationFilesAreScoredForTheirRoles()
    {
        var train = Blobs("train.csv", ["a", "b", "c"], rows: 90, seed: 1);
        var validation = Blobs("validation.csv", ["a", "b", "c"], rows: 30, seed: 2);
        var test = Blobs("test.csv", ["a", "b", "c"], rows: 45, seed: 3);
        var output = await Succeeds(Train(train, "--test", test, "--validation", validation));
        Assert.Contains("train.csv: 90 training, 30 validation and 45 test examples", output);
        Assert.Contains($"test set: the rows of {test}; scored once, after training", output);
        Assert.Contains($"validation set: the rows of {validation}; scored after every epoch", output);
        var model = _dir.File("run/model.safetensors");
        Assert.False(Run(model).TryGetProperty("test_split", out _));

        // eval --test scores every row of the test file, with the accuracy training reported.
        var accuracy = Run(model).GetProperty("test_accuracy").GetDouble();
        output = await Succeeds("eval", model, "--test", test);
        Assert.Contains($"test set, 45 examples: accuracy {(100 * accuracy).ToString("F2", CultureInfo.InvariantCulture)}%", output);

        // Without a validation set the output says so, and the epochs show no held-out score.
        output = await Succeeds(Train(train, "--epochs", "2"));
        Assert.Contains("validation set: none", output);
        Assert.Equal("-", Assert.Single(CliRunner.Rows(output, "2"))[4]);
        await FailsWithOneLine("not both", Train(train, "--validation", validation, "--validation-split", "0.2"));
        await FailsWithOneLine("--validation-split 1.5", Train(train, "--validation-split", "1.5"));
        await FailsWithOneLine("CSV files", "train", "--dataset", "mnist", "--test", test, "--quiet");
    }

    [Fact]
    public void SplitsAreStratifiedAndSeeded()
    {
        // 60 rows of class 0, 30 of class 1, 10 of class 2.
        var labels = Enumerable.Range(0, 100).Select(i => i < 60 ? 0 : i < 90 ? 1 : 2).ToArray();
        var rows = new Examples(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), 1, 1, labels, null);
        var (kept, taken) = rows.Split(0.2, seed: 7);
        Assert.Equal(80, kept.Count);
        Assert.Equal([12, 6, 2], Enumerable.Range(0, 3).Select(c => taken.Labels!.Count(l => l == c)));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (float)i), kept.Features.Concat(taken.Features).Order());

        Assert.Equal(taken.Features, rows.Split(0.2, seed: 7).Taken.Features);
        Assert.NotEqual(taken.Features.Order(), rows.Split(0.2, seed: 8).Taken.Features.Order());
    }

    [Fact]
    public async Task ScalingIsFittedOnTheTrainingRowsSavedAndAppliedByEvalAndPredict()
    {
        // Features around 5,000 with spreads of a few hundred.
        var data = Blobs("raw.csv", ["a", "b", "c"], rows: 150, scale: 300, shift: 5000);
        var output = await Succeeds(Train(data));
        Assert.Contains("inputs standardised with the training rows' means", output);
        var model = _dir.File("run/model.safetensors");
        var run = Run(model);
        var scaling = run.GetProperty("scaling");
        Assert.Equal("standard", scaling.GetProperty("kind").GetString());
        var offsets = scaling.GetProperty("offset").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(4, offsets.Length);
        Assert.All(offsets, o => Assert.InRange(o, 4000, 6000));
        var accuracy = run.GetProperty("test_accuracy").GetDouble();
        Assert.True(accuracy >= 0.9, output);

        // eval reproduces the held-out test rows from the recorded seed and scales them as training did.
        output = await Succeeds("eval", model, "--dataset", "csv:" + data);
        Assert.Contains($"test set, 30 examples: accuracy {(100 * accuracy).ToString("F2", CultureInfo.InvariantCulture)}%", output);

        // The training rows' statistics, not the whole file's: they differ from the mean over all rows.
        var all = NeuralSharp.Data.CsvDataset.Load(data);
        var mean0 = Enumerable.Range(0, all.Count).Average(r => (double)all.Features[r * 4]);
        Assert.NotEqual(mean0, offsets[0], 3);

        output = await Succeeds(Train(data, "--scale", "minmax"));
        Assert.Contains("min-max", output);
        Assert.Equal("minmax", Run(model).GetProperty("scaling").GetProperty("kind").GetString());
        output = await Succeeds(Train(data, "--scale", "none", "--epochs", "1"));
        Assert.False(Run(model).TryGetProperty("scaling", out _));
        await FailsWithOneLine("--scale", Train(data, "--scale", "log"));
    }

    [Theory]
    [InlineData("{\"scaling\":{\"kind\":\"standard\",\"offset\":[0,0,0],\"scale\":[1,1,1,1]}}", "scaling")]
    [InlineData("{\"scaling\":{\"kind\":\"standard\",\"offset\":[0,0,0,0],\"scale\":[1,0,1,1]}}", "above 0")]
    [InlineData("{\"scaling\":{\"kind\":\"log\",\"offset\":[0,0,0,0],\"scale\":[1,1,1,1]}}", "standard or minmax")]
    [InlineData("{\"scaling\":{\"kind\":\"standard\",\"offset\":[0,0,\"x\",0],\"scale\":[1,1,1,1]}}", "finite numbers")]
    [InlineData("{\"task\":\"poetry\"}", "task")]
    [InlineData("{\"task\":\"classification\",\"target_scaling\":{\"kind\":\"standard\",\"offset\":[0],\"scale\":[1]}}", "only for regression")]
    [InlineData("{\"csv\":{\"delimiter\":\"ab\"}}", "delimiter")]
    [InlineData("{\"test_split\":{\"seed\":1,\"share\":7}}", "test_split")]
    [InlineData("{\"training_examples\":-4}", "training_examples")]
    public async Task BadTabularMetadataIsRefused(string run, string mentions)
    {
        var model = _dir.File("hostile.safetensors");
        NeuralSharp.IO.Model.Save(new NeuralSharp.Nn.Sequential(new NeuralSharp.Nn.Linear(4, 3, generator: new Generator(1))) { InputShape = [4] }, model,
            new Dictionary<string, string> { ["cli.run"] = run });
        await FailsWithOneLine(mentions, "summary", model);
    }

    [Fact]
    public async Task AFractionalTargetIsRegressionScoredByMseMaeAndR2()
    {
        var data = Linear("linear.csv");
        var output = await Succeeds(Train(data, "--epochs", "40"));
        Assert.Contains("regression: the label column 'y' holds fractional numbers", output);
        Assert.Contains("2 inputs, a regression target ('y')", output);
        Assert.Contains("MseLoss", output);
        var model = _dir.File("run/model.safetensors");
        var run = Run(model);
        Assert.Equal("regression", run.GetProperty("task").GetString());
        var r2 = run.GetProperty("test_r2").GetDouble();
        Assert.True(r2 > 0.95, output);
        var mse = run.GetProperty("test_mse").GetDouble();
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"test MSE {mse:G6}, MAE "), output);
        Assert.True(File.Exists(_dir.File("run/predictions.png")));
        PngAssert.Drawn(_dir.File("run/predictions.png"), 720, 640, minInkShare: 0.02, minColours: 10);

        // The network's output is the target, un-standardised: eval gives the same MSE on the same held-out rows.
        output = await Succeeds("eval", model, "--dataset", "csv:" + data);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"test set, 40 examples: MSE {mse:G6}, MAE "), output);

        // predict --csv writes values near y = 3 x1 - 2 x2 + 10.
        var rows = _dir.File("new.csv");
        await File.WriteAllTextAsync(rows, "x1,x2\n0,0\n1,0\n0,1\n");
        output = await Succeeds("predict", model, "--csv", rows);
        var values = output.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0])).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, values.Length);
        Assert.InRange(values[0], 9, 11);
        Assert.InRange(values[1], 12, 14);
        Assert.InRange(values[2], 7, 9);
        Assert.Contains("line,predicted", output);

        Assert.Contains("L1Loss", await Succeeds(Train(data, "--epochs", "1", "--loss", "mae")));
        Assert.Contains("HuberLoss", await Succeeds(Train(data, "--epochs", "1", "--loss", "huber")));
        await FailsWithOneLine("not a regression loss", Train(data, "--loss", "cross-entropy"));

        // Whole-number targets are classes unless --task regression says otherwise.
        var counts = _dir.File("counts.csv");
        await File.WriteAllTextAsync(counts, "x,n\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},{(2 * i) + 1}\n")));
        Assert.Contains("a regression target ('n')", await Succeeds(Train(counts, "--epochs", "1", "--task", "regression")));
        Assert.Contains("if it is a quantity, give --task regression", await Succeeds(Train(counts, "--epochs", "1")));
    }
}
