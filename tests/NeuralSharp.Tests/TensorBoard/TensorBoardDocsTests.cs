using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NeuralSharp.TensorBoard;
using NeuralSharp.Tests.Readme;

namespace NeuralSharp.Tests.TensorBoard;

/// <summary>The C# of docs/tensorboard.md, read from the file, runs (on stand-in digits for MNIST) and writes the logs it says.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class TensorBoardDocsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-tb-docs-").FullName;
    private readonly string _savedDirectory = Environment.CurrentDirectory;

    public void Dispose()
    {
        Environment.CurrentDirectory = _savedDirectory;
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TheSnippetLogsTrainingAndValuesByHand()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "tensorboard.md")).ReplaceLineEndings("\n");
        var block = Assert.Single(CSharpBlock().Matches(docs)).Groups[1].Value;
        foreach (var call in new[] { "Mnist.LoadTrain()", "Mnist.LoadTest()" })
        {
            Assert.Contains(call, block);
        }

        var code = block
            .Replace("Mnist.LoadTrain()", "NeuralSharp.Tests.Readme.ReadmeStandIn.Train()", StringComparison.Ordinal)
            .Replace("Mnist.LoadTest()", "NeuralSharp.Tests.Readme.ReadmeStandIn.Test()", StringComparison.Ordinal);
        Environment.CurrentDirectory = _dir;
        await CSharpScript.RunAsync(code, ScriptOptions.Default
            .WithReferences(typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(Console).Assembly, typeof(Tensor).Assembly,
                typeof(TensorBoardWriter).Assembly, typeof(ReadmeStandIn).Assembly)
            .WithImports("System", "System.Collections.Generic", "System.IO", "System.Linq")
            .WithLanguageVersion(LanguageVersion.Latest));

        var small = TensorBoardEventReader.ReadAll(Assert.Single(Directory.GetFiles(Path.Combine(_dir, "runs", "small"))));
        var tags = small.Skip(1).Select(e => (e.Step, e.Summary.Value[0].Tag)).ToArray();
        Assert.Equal(3, tags.Count(t => t.Tag == "loss/train"));
        Assert.Contains((3L, "weights/0.weight"), tags);
        Assert.Contains((3L, "gradients/2.bias"), tags);
        Assert.Equal((3L, "test/accuracy"), tags[^1]);

        var byHand = TensorBoardEventReader.ReadAll(Assert.Single(Directory.GetFiles(Path.Combine(_dir, "runs", "by-hand"))));
        Assert.Equal(1 + 100 + 1, byHand.Count);
        Assert.Equal((float)Math.Sin(5.0), byHand[51].Summary.Value[0].SimpleValue);
        Assert.Equal(64 * 784, byHand[^1].Summary.Value[0].Histo.Num);
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

        throw new FileNotFoundException("NeuralSharp.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```csharp\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
