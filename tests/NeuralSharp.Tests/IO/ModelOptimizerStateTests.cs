using NeuralSharp.IO;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Tests.IO;

public sealed class ModelOptimizerStateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Steps(Module model, Optimizer optimizer, int count)
    {
        var x = Tensor.Randn([8, 5], generator: new Generator(3));
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        for (var i = 0; i < count; i++)
        {
            optimizer.ZeroGrad();
            new CrossEntropyLoss().Compute(model.Forward(x), labels).Backward();
            optimizer.Step();
        }
    }

    [Fact]
    public void TrainingResumesBitExactlyFromAModelFileWithItsOptimizer()
    {
        var g = new Generator(1);
        var model = new Sequential(new Linear(5, 7, generator: g), new Tanh(), new Linear(7, 3, generator: g));
        var adam = new Adam(model.Parameters(), 0.01);
        Steps(model, adam, 3);
        var path = Path.Combine(_dir, "checkpoint.safetensors");
        Model.Save(model, path, optimizer: adam);

        var restored = Model.Load(path);
        var restoredAdam = new Adam(restored.Parameters(), 0.01);
        Model.LoadOptimizerState(path, restoredAdam);

        Steps(model, adam, 3);
        Steps(restored, restoredAdam, 3);
        foreach (var ((name, a), (_, b)) in model.NamedParameters().Zip(restored.NamedParameters()))
        {
            Assert.True(a.ToArray().SequenceEqual(b.ToArray()), $"{name} differs after resuming");
        }
    }

    [Fact]
    public void AModelFileWithoutOptimizerStateSaysSo()
    {
        var model = new Sequential(new Linear(2, 2, generator: new Generator(1)));
        var path = Path.Combine(_dir, "weights.safetensors");
        Model.Save(model, path);
        var e = Assert.Throws<ModelFormatException>(() => Model.LoadOptimizerState(path, new SGD(model.Parameters(), 0.1)));
        Assert.Contains("no optimizer state", e.Message);
        Assert.Throws<ArgumentException>(() => Model.Save(model, path, new Dictionary<string, string> { ["optimizer.x"] = "1" }));
    }
}
