using NeuralSharp.Data;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 18, items 4 to 6 and 16: the <c>cli.run</c> settings of a model file decide nothing that reaches outside it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class HostileRunMetadataTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuralsharp-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ModelWith(string run, string name = "model.safetensors")
    {
        var path = Path.Combine(_dir, name);
        var net = new Sequential(new Linear(784, 10)) { InputShape = [784] };
        Model.Save(net, path, new Dictionary<string, string> { ["cli.run"] = run });
        return path;
    }

    private static async Task<string> FailsWithOneLine(long maxBytes, params string[] args)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var (code, output, error) = await CliRunner.Run(args);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, error + output);
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("Exception", error);
        Assert.True(allocated < maxBytes, $"allocated {allocated:N0} bytes");
        return lines[0];
    }

    [Theory]
    [InlineData("csv:/etc/passwd")]
    [InlineData("csv:/dev/zero")]
    public async Task AModelFileCannotChooseAFileToRead(string dataset)
    {
        var path = ModelWith($"{{\"dataset\":\"{dataset}\",\"size\":28,\"loss\":\"cross-entropy\"}}");
        var eval = await FailsWithOneLine(64L << 20, "eval", path);
        Assert.Contains("--dataset csv:PATH", eval);
        Assert.DoesNotContain("root", eval);
        var predict = await FailsWithOneLine(64L << 20, "predict", path, "--index", "0");
        Assert.Contains("--recorded-dataset", predict);
    }

    [Theory]
    [InlineData("{\"size\":40000}", "'size' must be one of 16, 28")]
    [InlineData("{\"size\":46341}", "'size' must be one of 16, 28")]
    [InlineData("{\"size\":\"28\"}", "'size' must be one of 16, 28")]
    [InlineData("{\"loss\":\"hinge\"}", "'loss' must be one of cross-entropy, mse")]
    [InlineData("{\"dataset\":\"imagenet\"}", "'dataset' must be one of mnist, fashion-mnist")]
    [InlineData("{\"classes\":\"0123\"}", "'classes' must be a list")]
    [InlineData("[1,2,3]", "must be a JSON object, not Array")]
    [InlineData("{\"dataset\":", "is not valid JSON")]
    public async Task EveryRecordedSettingIsValidated(string run, string mentions)
    {
        var path = ModelWith(run);
        Assert.Contains(mentions, await FailsWithOneLine(64L << 20, "summary", path));
        var image = Path.Combine(_dir, "digit.png");
        await File.WriteAllBytesAsync(image, []);
        Assert.Contains(mentions, await FailsWithOneLine(64L << 20, "predict", path, image));
    }

    [Fact]
    public async Task NonFiniteWeightsAreRefusedNamingTheTensor()
    {
        var path = Path.Combine(_dir, "nan.safetensors");
        var net = new Sequential(new Linear(784, 10)) { InputShape = [784] };
        using (NeuralSharp.Autograd.GradMode.NoGrad())
        {
            net.NamedParameters().Single(p => p.Key == "0.bias").Value.Fill(float.NaN);
        }

        Model.Save(net, path);
        Assert.Contains("tensor '0.bias' holds 10 non-finite value(s)", await FailsWithOneLine(64L << 20, "eval", path, "--dataset", "mnist"));
    }

    [Fact]
    public async Task AFifoModelOrImageIsRefusedInsteadOfBlocking()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fifo = Path.Combine(_dir, "fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        Assert.Contains("not a regular file", await FailsWithOneLine(16L << 20, "summary", fifo));
        var model = ModelWith("{\"size\":28}");
        Assert.Contains("not a regular file", await FailsWithOneLine(16L << 20, "predict", model, fifo));
    }

    [Fact]
    public void TheCsvReaderBoundsLineLength()
    {
        var path = Path.Combine(_dir, "one-line.csv");
        File.WriteAllText(path, new string('1', CsvDataset.MaxLineLength + 10));
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(path));
        Assert.Contains("longer than", e.Message);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L << 20);
        Assert.Throws<IOException>(() => CsvDataset.Load("/dev/zero"));
    }
}

/// <summary>Issue 18, items 7 and 10: training data and the output folder are checked before training.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TrainingPreconditionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuralsharp-pre-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("a,b,label\n1,2,0\n3,4,1\n", "too few")]
    [InlineData("a,b,label\n1,2,0\n3,4,0\n5,6,0\n7,8,0\n9,1,0\n2,2,0\n", "one class")]
    public async Task TooLittleDataIsRefusedBeforeTraining(string csv, string mentions)
    {
        var path = Path.Combine(_dir, "tiny.csv");
        await File.WriteAllTextAsync(path, csv);
        var outDir = Path.Combine(_dir, "out");
        var (code, _, error) = await CliRunner.Run("train", "--dataset", "csv:" + path, "--epochs", "1", "--out", outDir, "--quiet");
        Assert.NotEqual(0, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains(mentions, error);
        Assert.DoesNotContain("Exception", error);
        Assert.False(File.Exists(Path.Combine(outDir, "model.safetensors")));
    }

    [Fact]
    public async Task ABadOutFolderIsRefusedBeforeTraining()
    {
        var file = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(file, "x");
        var csv = Path.Combine(_dir, "data.csv");
        await File.WriteAllTextAsync(csv, "a,label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{i % 2}\n")));
        var (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + csv, "--epochs", "1", "--out", file, "--quiet");
        Assert.NotEqual(0, code);
        Assert.Contains("--out", error);
        Assert.DoesNotContain("test accuracy", output);
    }
}

/// <summary>Issue 18, item 15: options that used to be accepted silently.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class OptionRangeTests
{
    [Theory]
    [InlineData("--dropout", "nan", "--dropout")]
    [InlineData("--threads", "100000", "--threads 100000")]
    public async Task OutOfRangeOptionsAreRefused(string option, string value, string mentions)
    {
        var (code, _, error) = await CliRunner.Run("train", "--dataset", "csv:/nonexistent.csv", option, value, "--quiet");
        Assert.NotEqual(0, code);
        Assert.StartsWith("error: ", error);
        Assert.Contains(mentions, error);
    }

    [Fact]
    public void AnEmptyLayerSizeIsRefused() =>
        Assert.Contains("'' is not a positive layer size", Assert.Throws<ArgumentException>(() => NeuralSharp.Cli.Setup.NetworkFactory.ParseLayers("784,,10")).Message);
}
