using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.IO;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Tests;

/// <summary>The code shown in README.md, run as written (with small data in place of MNIST), so the tour stays true.</summary>
public sealed class ReadmeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TensorsAndAutomaticDifferentiation()
    {
        var w = Tensor.FromArray([2f, -3f, -3f]).RequireGrad();
        var x = Tensor.FromArray([-1f, -2f]);
        var f = (w.Narrow(0, 0, 2) * x).Sum().Add(w.Narrow(0, 2, 1).Sum()).Sigmoid();
        f.Backward();
        Assert.Equal("tensor(0.7311, shape=[], grad_fn=sigmoid)", f.ToString());
        Assert.Equal("tensor([-0.1966, -0.3932, 0.1966], shape=[3])", w.Grad!.ToString());

        var (value, jv) = ForwardAD.Jvp(t => t.Tanh(), Tensor.FromArray([0.5]), Tensor.FromArray([1.0]));
        Assert.Equal(Math.Tanh(0.5), value.ItemAsDouble(), 12);
        Assert.Equal(1 - (Math.Tanh(0.5) * Math.Tanh(0.5)), jv.ItemAsDouble(), 12);

        var check = GradCheck.Check(t => (t.Exp() * t).Sum(), Tensor.Randn([3, 4]));
        Assert.True(check.Passed, check.Message);

        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([64, 784]).MatMul(Tensor.Zeros([100, 10])));
        Assert.Equal("matmul: [64, 784] x [100, 10]: inner dimensions 784 and 100 differ", e.Message);
    }

    private static TensorDataset Blobs(int n, int seed)
    {
        // Two well separated classes in 784 dimensions stand in for MNIST.
        var g = new Generator(seed);
        var labels = Enumerable.Range(0, n).Select(i => i % 2).ToArray();
        var x = Tensor.Randn([n, 784], generator: g) + (Tensor.FromArray(labels.Select(l => (float)l).ToArray(), n, 1) * 2.0);
        return new TensorDataset(x, labels);
    }

    [Fact]
    public void BuildingTrainingSavingAndLoading()
    {
        var g = new Generator(seed: 1);
        var model = new Sequential(
            new Linear(784, 128, generator: g), new ReLU(),
            new Linear(128, 10, generator: g));
        Assert.Contains("101,770", Summary.Create(model, [1, 784], trainingExamples: 60_000).ToString());

        var train = Blobs(256, 1);
        var test = Blobs(64, 2);
        var best = Path.Combine(_dir, "best.safetensors");
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new Adam(model.Parameters()), train, new FitOptions
        {
            Epochs = 5,
            BatchSize = 64,
            Generator = g,
            Validation = test,
            Callbacks = [new EarlyStopping(patience: 2), new ModelCheckpoint(best)],
        });
        Assert.StartsWith("epoch,train_loss", history.ToCsv());
        Assert.True(history.Epochs[^1].ValidationAccuracy > 0.95);
        Assert.True(File.Exists(best));

        var loss = new CrossEntropyLoss();
        var optimizer = new SGD(model.Parameters(), learningRate: 0.1, momentum: 0.9);
        foreach (var epoch in Enumerable.Range(1, 2))
        {
            foreach (var batch in new DataLoader(train, batchSize: 64, shuffle: true, generator: g))
            {
                optimizer.ZeroGrad();
                var l = loss.Compute(model.Forward(batch.Inputs), batch.Labels!);
                l.Backward();
                optimizer.Step();
            }
        }

        var path = Path.Combine(_dir, "mnist.safetensors");
        Model.Save(model, path);
        var restored = Model.Load(path);
        var input = test.Inputs.Narrow(0, 0, 4);
        Assert.Equal(model.Forward(input).ToArray(), restored.Forward(input).ToArray());
    }
}
