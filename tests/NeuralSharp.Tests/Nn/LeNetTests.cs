using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Nn;

/// <summary>LeNet-5 built from the CNN layers: its shapes, PyTorch's printing, and training on the 100-image MNIST fixture.</summary>
public class LeNetTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void HasLeNetsShapesAndParameterCount()
    {
        var net = Models.LeNet5(generator: new Generator(1));
        Assert.Equal([3, 10], net.Forward(Tensor.Zeros([3, 1, 28, 28])).Shape.ToArray());

        // conv1 6 (25 + 1), conv2 16 (150 + 1), then 400*120+120, 120*84+84, 84*10+10, as PyTorch counts.
        Assert.Equal(156 + 2416 + 48120 + 10164 + 850, net.ParameterCount);
        Assert.Contains("(0): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))", net.ToString(), StringComparison.Ordinal);
        Assert.Contains("(5): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", net.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingOnTheMnistFixtureLowersTheLoss()
    {
        var ds = ImageDataset.FromIdx(IdxReader.Read(Fixture("mnist-t10k-first100-images-idx3-ubyte.gz")), IdxReader.Read(Fixture("mnist-t10k-first100-labels-idx1-ubyte.gz")));
        var net = Models.LeNet5(generator: new Generator(7));
        var opt = new Adam(net.Parameters(), learningRate: 2e-3);
        const int batch = 20;
        var images = Tensor.FromArray(ds.Images, ds.Count, 1, 28, 28);
        var labels = ds.Labels.Select(l => (int)l).ToArray();

        double BatchLoss(int step, bool train)
        {
            var start = step % (ds.Count / batch) * batch;
            var x = images.Narrow(0, start, batch);
            var loss = Loss.CrossEntropy(net.Forward(x), labels[start..(start + batch)]);
            if (train)
            {
                opt.ZeroGrad();
                loss.Backward();
                opt.Step();
            }

            return loss.ItemAsDouble();
        }

        var first = Enumerable.Range(0, 5).Average(s => BatchLoss(s, train: false));
        for (var step = 0; step < 200; step++)
        {
            BatchLoss(step, train: true);
        }

        var last = Enumerable.Range(0, 5).Average(s => BatchLoss(s, train: false));
        Assert.True(first > 2.0, $"an untrained network should be near ln 10 = 2.30, got {first}");
        Assert.True(last < 0.5 * first, $"200 Adam steps should at least halve the loss: {first} -> {last}");
    }
}
