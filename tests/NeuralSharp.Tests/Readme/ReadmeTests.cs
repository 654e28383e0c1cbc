using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Training;
using Module = NeuralSharp.Nn.Module;

namespace NeuralSharp.Tests.Readme;

/// <summary>
/// The C# shown in README.md, read from the file: all of it compiles against the library as written, and it runs
/// (on small synthetic digits in place of MNIST) doing what the README says it does. The snippets print to the
/// console and write files into the current directory, so these run in <see cref="ConsoleCollection"/>.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ReadmeTests : IDisposable
{
    // What a new console project has without any using directive (the SDK's implicit usings).
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    // What the convolutional and recurrent snippets go on from: a generator, and digits that stay apart when shifted.
    private const string SquaresSetup = """
        using NeuralSharp;
        using NeuralSharp.Data;
        using NeuralSharp.Losses;
        using NeuralSharp.Nn;
        using NeuralSharp.Optim;
        using NeuralSharp.Training;
        var g = new Generator(seed: 1);
        var train = NeuralSharp.Tests.Readme.ReadmeStandIn.Squares(1280, seed: 1).ToTensorDataset();
        var test = NeuralSharp.Tests.Readme.ReadmeStandIn.Squares(100, seed: 2).ToTensorDataset();
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("ns-readme-").FullName;
    private readonly string _savedDirectory = Environment.CurrentDirectory;

    public void Dispose()
    {
        Environment.CurrentDirectory = _savedDirectory;
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void TheReadmeShowsTheTourItDescribes()
    {
        // The four parts of the tour; Containing fails if a part is missing or shown twice.
        Assert.True(ReadmeSnippets.All.Count >= 4, $"README.md has {ReadmeSnippets.All.Count} C# blocks");
        _ = ReadmeSnippets.Containing("ForwardAD.Jvp");
        _ = ReadmeSnippets.Containing("var history = Trainer.Fit(model");
        _ = ReadmeSnippets.Containing("optimizer.Step()");
        _ = ReadmeSnippets.Containing("new Conv2d(");
        _ = ReadmeSnippets.Containing("new LSTM(");
        _ = ReadmeSnippets.Containing("Model.Save(model");
        _ = ReadmeSnippets.Containing("discOpt.Step()");
    }

    [Fact]
    public void EverySnippetCompilesAgainstTheLibrary()
    {
        var program = string.Join('\n', ImplicitUsings.Select(u => $"global using {u};")) + "\n" + ReadmeSnippets.AsOneProgram();
        var compilation = CSharpCompilation.Create(
            "Readme",
            [CSharpSyntaxTree.ParseText(program, new CSharpParseOptions(LanguageVersion.Latest))],
            CompileReferences(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "README.md does not compile:\n" + string.Join('\n', errors.Select(e => e.ToString())) + "\n\n" + program);
    }

    [Fact]
    public async Task TheTensorSnippetPrintsWhatItsCommentsSay()
    {
        var block = ReadmeSnippets.Containing("ForwardAD.Jvp");
        var expected = ReadmeSnippets.PrintedAsCommented(block).ToArray();
        Assert.NotEmpty(expected);

        var (state, printed) = await RunCapturingConsole(() => CSharpScript.RunAsync(block, ScriptOptionsForSnippets()));

        Assert.Equal(expected, printed.Take(expected.Length));
        var value = (Tensor)state.GetVariable("value").Value;
        var jv = (Tensor)state.GetVariable("jv").Value;
        Assert.Equal(Math.Tanh(0.5), value.ItemAsDouble(), 12);
        Assert.Equal(1 - (Math.Tanh(0.5) * Math.Tanh(0.5)), jv.ItemAsDouble(), 12);
        Assert.True(((GradCheckResult)state.GetVariable("check").Value).Passed);
    }

    [Fact]
    public async Task TheTrainingSavingAndLoadingSnippetsRunInOrder()
    {
        Environment.CurrentDirectory = _dir; // ModelCheckpoint("best.safetensors") and Model.Save(model, "mnist.safetensors")
        var training = WithStandInData(ReadmeSnippets.Containing("var history = Trainer.Fit(model"));
        var loop = ReadmeSnippets.Containing("optimizer.Step()");
        var saving = ReadmeSnippets.Containing("Model.Save(model");

        var (state, printed) = await RunCapturingConsole(async () =>
        {
            var s = await CSharpScript.RunAsync(training, ScriptOptionsForSnippets());
            s = await s.ContinueWithAsync(loop);
            return await s.ContinueWithAsync(saving);
        });

        // Summary.Create printed the layer table, history.ToCsv() one row per epoch after the header.
        var history = (TrainingHistory)state.GetVariable("history").Value;
        Assert.Contains(printed, l => l.Contains("101,770", StringComparison.Ordinal));
        Assert.Contains(printed, l => l.StartsWith("epoch,train_loss", StringComparison.Ordinal));
        Assert.InRange(history.Epochs.Count, 1, 5);
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.9, $"validation accuracy {history.Epochs[^1].ValidationAccuracy}");
        Assert.True(File.Exists(Path.Combine(_dir, "best.safetensors")));

        var model = (Module)state.GetVariable("model").Value;
        var restored = (Module)state.GetVariable("restored").Value;
        var test = (TensorDataset)state.GetVariable("test").Value;
        Assert.True(File.Exists(Path.Combine(_dir, "mnist.safetensors")));
        Assert.Equal(model.Forward(test.Inputs).ToArray(), restored.Forward(test.Inputs).ToArray());
    }

    [Fact]
    public async Task TheHandWrittenLoopLowersTheLoss()
    {
        // The loop goes on from the training snippet's g, model and train; here they are a fresh network and small digits.
        const string Setup = """
            using NeuralSharp;
            using NeuralSharp.Data;
            using NeuralSharp.Losses;
            using NeuralSharp.Nn;
            using NeuralSharp.Optim;
            var g = new Generator(seed: 3);
            var model = new Sequential(new Linear(784, 32, generator: g), new ReLU(), new Linear(32, 10, generator: g));
            var train = NeuralSharp.Tests.Readme.ReadmeStandIn.Train().ToTensorDataset();
            """;
        var setup = await CSharpScript.RunAsync(Setup, ScriptOptionsForSnippets());
        var model = (Module)setup.GetVariable("model").Value;
        var train = (TensorDataset)setup.GetVariable("train").Value;
        double Loss() => new CrossEntropyLoss().Compute(model.Forward(train.Inputs), train.Labels!).ItemAsDouble();

        var before = Loss();
        await setup.ContinueWithAsync(ReadmeSnippets.Containing("optimizer.Step()"));
        var after = Loss();

        Assert.True(before > 1.0, $"the untrained network already has a loss of {before}"); // near ln 10 = 2.30 for 10 classes
        Assert.True(after < before / 4, $"the loop took the training loss from {before} to {after}");
    }

    [Fact]
    public async Task TheConvolutionalSnippetTrainsOnShiftedImagesAndSaves()
    {
        Environment.CurrentDirectory = _dir; // Model.Save(cnn, "cnn.safetensors")
        var (state, printed) = await RunCapturingConsole(async () =>
            await (await CSharpScript.RunAsync(SquaresSetup, ScriptOptionsForSnippets())).ContinueWithAsync(ReadmeSnippets.Containing("new Conv2d(")));

        Assert.Contains(printed, l => l.Contains("Conv2d(1, 16, kernel_size=(5, 5)", StringComparison.Ordinal));
        var history = (TrainingHistory)state.GetVariable("cnnHistory").Value;
        Assert.Equal(3, history.Epochs.Count);
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.9, $"validation accuracy {history.Epochs[^1].ValidationAccuracy}");
        var cnn = (Module)state.GetVariable("cnn").Value;
        var restored = NeuralSharp.IO.Model.Load(Path.Combine(_dir, "cnn.safetensors"));
        cnn.Eval();
        restored.Eval();
        var test = (TensorDataset)state.GetVariable("test").Value;
        Assert.Equal(cnn.Forward(test.Inputs).ToArray(), restored.Forward(test.Inputs).ToArray());
    }

    [Fact]
    public async Task TheFineTuningSnippetLoadsTheBodyReportsTheHeadAndFreezes()
    {
        // The snippet goes on from the earlier ones' g, restored and test; here they are a fresh network and small digits.
        const string Setup = """
            using NeuralSharp;
            using NeuralSharp.Nn;
            using NeuralSharp.Optim;
            var g = new Generator(seed: 3);
            Module restored = new Sequential(new Linear(784, 128, generator: g), new ReLU(), new Linear(128, 10, generator: g));
            var test = NeuralSharp.Tests.Readme.ReadmeStandIn.Test().ToTensorDataset();
            """;
        var block = ReadmeSnippets.Containing("FeatureExtractor");
        var (state, printed) = await RunCapturingConsole(async () =>
        {
            var s = await CSharpScript.RunAsync(Setup, ScriptOptionsForSnippets());
            return await s.ContinueWithAsync(block);
        });

        Assert.Equal(ReadmeSnippets.PrintedAsCommented(block), printed.Take(1));
        var tuned = (NeuralSharp.Nn.Sequential)state.GetVariable("tuned").Value;
        var restored = (Module)state.GetVariable("restored").Value;
        Assert.Equal(restored.StateDict()["0.weight"].ToArray(), tuned.StateDict()["0.weight"].ToArray());
        Assert.Equal(new Shape(60, 128), ((Tensor)state.GetVariable("hidden").Value).Shape);
        Assert.Equal(2, ((NeuralSharp.Optim.Optimizer)state.GetVariable("slowBody").Value).ParameterGroups.Count);
    }

    [Fact]
    public async Task TheDiagnosticsSnippetHooksALayerCollectsStatisticsAndChecksGradients()
    {
        // The snippet goes on from the training snippet's g, model, train and test; here they are a fresh network and small digits.
        const string Setup = """
            using NeuralSharp;
            using NeuralSharp.Losses;
            using NeuralSharp.Nn;
            using NeuralSharp.Optim;
            using NeuralSharp.Training;
            var g = new Generator(seed: 3);
            var model = new Sequential(new Linear(784, 128, generator: g), new ReLU(), new Linear(128, 10, generator: g));
            var train = NeuralSharp.Tests.Readme.ReadmeStandIn.Train().ToTensorDataset();
            var test = NeuralSharp.Tests.Readme.ReadmeStandIn.Test().ToTensorDataset();
            """;
        var block = ReadmeSnippets.Containing("LayerDiagnostics");
        var (state, printed) = await RunCapturingConsole(async () => await (await CSharpScript.RunAsync(Setup, ScriptOptionsForSnippets())).ContinueWithAsync(block));

        Assert.Equal("ReLU output [5, 128]", printed[0]);
        Assert.Contains("// prints: " + printed[0], block, StringComparison.Ordinal);
        Assert.Matches(@"^1 ReLU: \d+ ?% active, \d+ ?% dead, gradient norm [\d.eE-]+$", printed[1]);
        Assert.Matches(@"^worst gradient: [\w.]+, relative error \d\.\dE-\d+$", printed[2]);
        var diagnostics = (NeuralSharp.Diagnostics.LayerDiagnostics)state.GetVariable("diagnostics").Value;
        Assert.Equal(2, diagnostics.Epochs.Count);
        Assert.False(diagnostics.IsAttached);
    }

    [Fact]
    public async Task TheGanLoopStepsBothNetworks()
    {
        var state = await (await CSharpScript.RunAsync(SquaresSetup, ScriptOptionsForSnippets())).ContinueWithAsync(ReadmeSnippets.Containing("discOpt.Step()"));
        var gen = (Module)state.GetVariable("gen").Value;
        var disc = (Module)state.GetVariable("disc").Value;
        var fresh = new Generator(seed: 1);
        var untrained = new NeuralSharp.Nn.Sequential(new NeuralSharp.Nn.Linear(64, 256, generator: fresh), new NeuralSharp.Nn.LeakyReLU(0.2), new NeuralSharp.Nn.Linear(256, 784, generator: fresh));
        Assert.NotEqual(untrained.StateDict()["2.weight"].ToArray(), gen.StateDict()["2.weight"].ToArray());
        Assert.True(disc.Parameters().All(p => p.Grad is not null), "the discriminator took no step");
        Assert.All(gen.Parameters().Concat(disc.Parameters()).SelectMany(p => p.ToDoubleArray()), v => Assert.True(double.IsFinite(v)));
        var samples = (Tensor)state.GetVariable("samples").Value;
        Assert.Equal(new Shape(16, 784), samples.Shape);
        Assert.All(samples.ToDoubleArray(), v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public async Task TheRecurrentSnippetLearnsToReadImagesRowByRow()
    {
        var state = await (await CSharpScript.RunAsync(SquaresSetup, ScriptOptionsForSnippets())).ContinueWithAsync(ReadmeSnippets.Containing("new LSTM("));

        // The class is where the square sits: which half of the rows (when in the sequence) and which fifth of the columns.
        var history = (TrainingHistory)state.GetVariable("lstmHistory").Value;
        Assert.Equal(3, history.Epochs.Count);
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.8, $"validation accuracy {history.Epochs[^1].ValidationAccuracy}");
    }

    /// <summary>The MNIST loads replaced by <see cref="ReadmeStandIn"/>; fails if the README no longer loads MNIST that way.</summary>
    private static string WithStandInData(string block)
    {
        foreach (var call in new[] { "Mnist.LoadTrain()", "Mnist.LoadTest()" })
        {
            Assert.True(block.Contains(call, StringComparison.Ordinal), $"the README's training snippet no longer calls {call}; update the stand-in");
        }

        return block
            .Replace("Mnist.LoadTrain()", "NeuralSharp.Tests.Readme.ReadmeStandIn.Train()", StringComparison.Ordinal)
            .Replace("Mnist.LoadTest()", "NeuralSharp.Tests.Readme.ReadmeStandIn.Test()", StringComparison.Ordinal);
    }

    private static ScriptOptions ScriptOptionsForSnippets() => ScriptOptions.Default
        .WithReferences(typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(Console).Assembly, typeof(Tensor).Assembly, typeof(ReadmeStandIn).Assembly)
        .WithImports(ImplicitUsings)
        .WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>The runtime's assemblies and NeuralSharp with what it references.</summary>
    private static MetadataReference[] CompileReferences()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var library = typeof(Tensor).Assembly;
        var paths = Directory.EnumerateFiles(runtime, "*.dll")
            .Where(IsManaged)
            .Append(library.Location)
            .Concat(library.GetReferencedAssemblies().Select(n => Assembly.Load(n).Location))
            .Distinct();
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static async Task<(ScriptState State, string[] Printed)> RunCapturingConsole(Func<Task<ScriptState<object>>> run)
    {
        var saved = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var state = await run();
            return (state, output.ToString().ReplaceLineEndings("\n").Split('\n'));
        }
        finally
        {
            Console.SetOut(saved);
        }
    }
}
