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
        var (one, two) = WithOneAndTwoThreads(() => Train());
        Assert.Equal(one, WithOneAndTwoThreads(() => Train()).One);
        Assert.Equal(one.Keys.Order(), two.Keys.Order());
        Assert.Equal(one, two);
    }

    /// <summary>The fused convolution and max-pooling kernels split images across threads, and the weight gradient sums over them in fixed chunks.</summary>
    [Fact]
    public void ACnnTrainsToBitIdenticalWeightsWithOneOrTwoThreads()
    {
        var (one, two) = WithOneAndTwoThreads(TrainCnn);
        Assert.Equal(one, two);
    }

    [Fact]
    public void ADifferentShuffleSeedGivesDifferentWeights()
    {
        var a = Train(shuffleSeed: 1);
        var b = Train(shuffleSeed: 2);
        Assert.NotEqual(a["0.weight"], b["0.weight"]);
    }

    private static (Dictionary<string, float[]> One, Dictionary<string, float[]> Two) WithOneAndTwoThreads(Func<Dictionary<string, float[]>> train)
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var one = train();
            Parallelism.ThreadCount = 2;
            return (one, train());
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    /// <summary>Two epochs of a small conv-pool-conv network on random 12x12 images, at a batch (37) that does not divide evenly into chunks.</summary>
    private static Dictionary<string, float[]> TrainCnn()
    {
        var g = new Generator(5);
        var x = Tensor.Randn([74, 2, 12, 12], generator: g);
        var labels = Enumerable.Range(0, 74).Select(_ => g.NextInt(3)).ToArray();
        var init = new Generator(1);
        var model = new Sequential(
            new Conv2d(2, 4, 3, padding: 1, generator: init), new ReLU(), new MaxPool2d(2),
            new Conv2d(4, 6, 3, stride: 2, generator: init), new ReLU(), new Conv2d(6, 6, 1, generator: init),
            new Flatten(), new Linear(6 * 2 * 2, 3, generator: init));
        Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.05, momentum: 0.9), new TensorDataset(x, labels),
            new FitOptions { Epochs = 2, BatchSize = 37, Generator = new Generator(3) });
        return model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
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
