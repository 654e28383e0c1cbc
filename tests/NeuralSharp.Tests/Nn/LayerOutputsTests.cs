using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class LayerOutputsTests
{
    [Fact]
    public void CapturesEveryConvolutionsOutputInsideNestedContainers()
    {
        var g = new Generator(3);
        var conv1 = new Conv2d(1, 3, 3, padding: 1, generator: g);
        var conv2 = new Conv2d(3, 4, 3, generator: g);
        var net = new Sequential(new Unflatten(1, [1, 6, 6]), new Sequential(conv1, new BatchNorm2d(3), new ReLU(), new Dropout(0.5, generator: g), conv2), new Flatten());
        var input = Tensor.Randn([2, 36], generator: g);

        var maps = LayerOutputs.Capture(net, input, m => m is Conv2d);

        Assert.Equal(["1.0", "1.4"], maps.Select(m => m.Name));
        Assert.Same(conv1, maps[0].Layer);
        Assert.Same(conv2, maps[1].Layer);
        Assert.Equal([2, 3, 6, 6], maps[0].Output.Shape.ToArray());
        Assert.Equal([2, 4, 4, 4], maps[1].Output.Shape.ToArray());

        // The same values as running the layers by hand in evaluation mode, where dropout passes everything through.
        net.Eval();
        var first = conv1.Forward(input.Reshape([2, 1, 6, 6]));
        var inner = (Sequential)net[1];
        var second = conv2.Forward(inner[2].Forward(inner[1].Forward(first)));
        TestData.AssertClose(first.ToDoubleArray(), maps[0].Output, 1e-6);
        TestData.AssertClose(second.ToDoubleArray(), maps[1].Output, 1e-6);
    }

    [Fact]
    public void LeavesModesAndRunningStatisticsAsTheyWere()
    {
        var g = new Generator(4);
        var bn = new BatchNorm2d(2);
        var net = new Sequential(new Conv2d(1, 2, 3, generator: g), bn, new Dropout(0.5, generator: g));
        net[2].Eval();
        var maps = LayerOutputs.Capture(net, Tensor.Randn([3, 1, 5, 5], generator: g));

        Assert.Equal(["0", "1", "2"], maps.Select(m => m.Name));
        Assert.True(net.IsTraining);
        Assert.True(bn.IsTraining);
        Assert.False(net[2].IsTraining);
        Assert.Equal(0.0, bn.StateDict()["num_batches_tracked"].ItemAsDouble());
        Assert.All(maps, m => Assert.False(m.Output.RequiresGrad));
    }
}
