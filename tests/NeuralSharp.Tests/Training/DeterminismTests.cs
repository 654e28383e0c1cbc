using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

[Collection(ThreadCountCollection.Name)]
public class DeterminismTests
{
    [Fact]
    public void TheSameSeedGivesBitIdenticalWeightsWithOneOrTwoThreads()
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var one = Train();
            var again = Train();
            Parallelism.ThreadCount = 2;
            var two = Train();

            Assert.Equal(one.Keys.Order(), two.Keys.Order());
            foreach (var (name, weights) in one)
            {
                Assert.Equal(weights, again[name]);
                Assert.Equal(weights, two[name]);
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Fact]
    public void ADifferentShuffleSeedGivesDifferentWeights()
    {
        var a = Train(shuffleSeed: 1);
        var b = Train(shuffleSeed: 2);
        Assert.NotEqual(a["0.weight"], b["0.weight"]);
    }

    /// <summary>
    /// Two epochs of a 256-256-10 network at batch 64: the 64 x 256 x 256 products are above the
    /// size at which the matrix kernel splits its work across threads.
    /// </summary>
    private static Dictionary<string, float[]> Train(int shuffleSeed = 7)
    {
        var g = new Generator(11);
        var x = Tensor.Randn([128, 256], generator: g);
        var labels = Enumerable.Range(0, 128).Select(_ => g.NextInt(10)).ToArray();
        var model = new Sequential(new Linear(256, 256, generator: new Generator(1)), new ReLU(), new Linear(256, 10, generator: new Generator(2)));
        Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.05, momentum: 0.9), new TensorDataset(x, labels),
            new FitOptions { Epochs = 2, BatchSize = 64, Generator = new Generator(shuffleSeed) });
        return model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }
}
