using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

/// <summary>The fused convolution and max-pooling kernels split images across threads, and the weight gradient sums over them in fixed chunks.</summary>
[Collection(ThreadCountCollection.Name)]
public class ConvDeterminismTests
{
    [Fact]
    public void ACnnTrainsToBitIdenticalWeightsWithOneOrTwoThreads()
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var one = Train();
            Parallelism.ThreadCount = 2;
            var two = Train();
            foreach (var (name, weights) in one)
            {
                Assert.Equal(weights, two[name]);
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    /// <summary>Two epochs of a small conv-pool-conv network on random 12x12 images, at a batch (37) that does not divide evenly into chunks.</summary>
    private static Dictionary<string, float[]> Train()
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
}
