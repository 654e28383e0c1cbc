using System.Text.Json;
using NeuralSharp.Cli.Models;
using NeuralSharp.IO;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.Cli;

/// <summary>Issue 11: <c>train --model PATH.json</c>, an architecture file in the form model files carry, and its example docs/models/lenet.json.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ArchitectureFileCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The example file of docs/models.md, which this test keeps equal to what the serializer writes for the lenet recipe.</summary>
    private static string LeNetJson => Path.Combine(RepositoryRoot(), "docs", "models", "lenet.json");

    [Fact]
    public void TheDocumentedLeNetFileIsWhatTheSerializerWritesForTheRecipe()
    {
        var net = new LeNetRecipe().Build(new ModelRequest(784, 10, 28, 28, null, "relu", false, 0, new Generator(1))).Network;
        var expected = ArchitectureFileRecipe.Text(net);

        // NEURALSHARP_WRITE_DOCS=1 rewrites the file from the recipe, after the recipe changed on purpose.
        if (Environment.GetEnvironmentVariable("NEURALSHARP_WRITE_DOCS") == "1")
        {
            File.WriteAllText(LeNetJson, expected);
        }

        Assert.Equal(expected, File.ReadAllText(LeNetJson).ReplaceLineEndings("\n"));

        // The indented text is the very architecture a model file records, and builds the same network.
        Assert.Equal(Model.ArchitectureJson(net), Model.ArchitectureJson(Model.FromArchitecture(File.ReadAllText(LeNetJson))));
    }

    [Fact]
    public void TheOutlineInTheDocsIsTheLeNetFileWithItsDefaultsLeftOut()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "models.md")).ReplaceLineEndings("\n");
        var outline = System.Text.RegularExpressions.Regex.Match(docs, "```json\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(Model.ArchitectureJson(Model.FromArchitecture(File.ReadAllText(LeNetJson))), Model.ArchitectureJson(Model.FromArchitecture(outline)));
    }

    [Fact]
    public async Task TheLeNetFileTrainsExactlyAsTheLeNetRecipe()
    {
        using var mnist = new FixtureMnist();
        var fromRecipe = await TrainedLosses("--model", "lenet", "--out", _dir.File("recipe"));
        var fromFile = await TrainedLosses("--model", LeNetJson, "--out", _dir.File("file"));

        // Same seed, same layers drawing from it in the same order: the same weights, so the same run.
        Assert.Equal(fromRecipe, fromFile);
        var (code, summary, error) = await CliRunner.Run("summary", _dir.File("file/model.safetensors"));
        Assert.True(code == 0, error);
        Assert.Matches(@"Conv2d\(1, 6[^\n]*\[1, 6, 28, 28\]", summary);
    }

    [Fact]
    public async Task AnyNetworkInTheFileFormTrainsOnATable()
    {
        var data = _dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(data);
        var architecture = _dir.File("small.json");
        var g = new Generator(1);
        File.WriteAllText(architecture, ArchitectureFileRecipe.Text(new Sequential(new Linear(4, 8, generator: g), new Tanh(), new Dropout(0.1), new Linear(8, 3, generator: g))));

        var (code, output, error) = await CliRunner.Run("train", "--dataset", "csv:" + data, "--model", architecture, "--epochs", "30", "--batch", "16", "--lr", "0.01", "--out", _dir.File("run"));
        Assert.True(code == 0, error + output);
        Assert.Contains("network of small.json (4 layers), 67 parameters", output);

        var saved = Model.Load(_dir.File("run/model.safetensors"));
        Assert.Equal(Model.ArchitectureJson(Model.FromArchitecture(File.ReadAllText(architecture))), Model.ArchitectureJson(saved));
        (code, var eval, error) = await CliRunner.Run("eval", _dir.File("run/model.safetensors"), "--dataset", "csv:" + data, "--json");
        Assert.True(code == 0, error);
        // Three well separated blobs: the held-out rows are all but perfectly classified.
        Assert.True(JsonDocument.Parse(eval).RootElement.GetProperty("accuracy").GetDouble() > 0.9, eval);
    }

    [Fact]
    public async Task ABadFileIsAOneLineErrorNamingIt()
    {
        var data = _dir.File("blobs.csv");
        CliRunner.WriteBlobsCsv(data);
        string Write(string name, string text)
        {
            var path = _dir.File(name);
            File.WriteAllText(path, text);
            return path;
        }

        var missing = _dir.File("missing.json");
        Assert.Contains("no such file", await Fails(data, missing));
        Assert.Contains("not valid JSON", await Fails(data, Write("bad.json", "{\"type\": \"Sequential\", ")));
        Assert.Contains("unknown layer type 'Conv9d'", await Fails(data, Write("unknown.json",
            """{"type":"Sequential","config":{},"children":{"0":{"type":"Conv9d","config":{}}}}""")));
        Assert.Contains("config 'out_features' is missing", await Fails(data, Write("setting.json",
            """{"type":"Sequential","config":{},"children":{"0":{"type":"Linear","config":{"in_features":4}}}}""")));

        // LeNet takes 28x28 images, the table rows of 4 values.
        var inputs = await Fails(data, LeNetJson);
        Assert.Contains("does not take the data's rows of 4 values", inputs);
        Assert.Contains("[1, 4]", inputs);

        var g = new Generator(1);
        var outputs = await Fails(data, Write("five.json", ArchitectureFileRecipe.Text(new Sequential(new Linear(4, 5, generator: g)))));
        Assert.Contains("shape [1, 5], but the data needs 3 outputs, one per class", outputs);
    }

    /// <summary>Trains one epoch on the fixture and returns the training loss of each epoch from history.json.</summary>
    private static async Task<double[]> TrainedLosses(params string[] args)
    {
        var (code, output, error) = await CliRunner.Run(["train", "--epochs", "1", "--batch", "20", "--quiet", .. args]);
        Assert.True(code == 0, error + output);
        var outDir = args[Array.IndexOf(args, "--out") + 1];
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "history.json")));
        return history.RootElement.EnumerateArray().Select(e => e.GetProperty("train_loss").GetDouble()).ToArray();
    }

    /// <summary>Runs train with the architecture file; asserts a one-line error naming the file, and returns it.</summary>
    private async Task<string> Fails(string data, string architecture)
    {
        var (code, _, error) = await CliRunner.Run("train", "--dataset", "csv:" + data, "--model", architecture, "--epochs", "1", "--out", _dir.File("bad"));
        Assert.NotEqual(0, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, error);
        Assert.StartsWith($"error: --model {architecture}: ", lines[0]);
        Assert.DoesNotContain("Exception", lines[0]);
        return lines[0];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuralSharp.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no NeuralSharp.slnx above {AppContext.BaseDirectory}");
    }
}
