using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class FlattenTests
{
    [Fact]
    public void KeepsTheBatchDimension()
    {
        Assert.Equal([2, 784], new Flatten().Forward(Tensor.Zeros([2, 28, 28])).Shape.ToArray());
        Assert.Equal([2, 28, 28], new Flatten(1, 1).Forward(Tensor.Zeros([2, 28, 28])).Shape.ToArray());
        Assert.Equal([1568], new Flatten(0).Forward(Tensor.Zeros([2, 28, 28])).Shape.ToArray());
    }
}
