using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// Sequential's no-gradient forward pass through layers that keep nothing recycles its activations (InferenceArena):
/// a warm call allocates little more than its output, the values are those of the recorded pass bit for bit, and every
/// output stays valid after later calls. Hooks, a caller's own arena and gradient recording turn it off.
/// </summary>
[Collection(MeasuredAllocationCollection.Name)]
public sealed class InferenceArenaTests
{
    private static Sequential LeNet(int seed) => new(new Unflatten(1, [1, 28, 28]), Models.LeNet5(10, new Generator(seed)));

    [Fact]
    public void WarmNoGradForwardAllocatesLittleAndMatchesTheRecordedPass()
    {
        var model = LeNet(1);
        model.Eval();
        var x = Tensor.Rand([64, 784], generator: new Generator(2));
        var recorded = model.Forward(x).ToArray();
        using (GradMode.NoGrad())
        {
            model.Forward(x);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var y = model.Forward(x);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(recorded.Select(BitConverter.SingleToInt32Bits), y.ToArray().Select(BitConverter.SingleToInt32Bits));
            Assert.True(bytes < 64 * 1024, $"a warm forward pass allocated {bytes:N0} bytes (its activations are 3.6 MB)");
        }
    }

    [Fact]
    public void OutputsStayValidAcrossCallsAndBatchSizes()
    {
        var model = LeNet(3);
        model.Eval();
        var (a, b) = (Tensor.Rand([5, 784], generator: new Generator(4)), Tensor.Rand([3, 784], generator: new Generator(5)));
        var expectedA = model.Forward(a).ToArray();
        var expectedB = model.Forward(b).ToArray();
        using (GradMode.NoGrad())
        {
            var ya = model.Forward(a);
            var yb = model.Forward(b);
            var ya2 = model.Forward(a);
            Assert.Equal(expectedA, ya.ToArray());
            Assert.Equal(expectedB, yb.ToArray());
            Assert.Equal(expectedA, ya2.ToArray());
        }
    }

    [Fact]
    public void HookedLayersSeeTensorsThatOutliveThePass()
    {
        var model = LeNet(6);
        Tensor? seen = null;
        using var hook = ((Conv2d)((Sequential)model[1])[0]).RegisterForwardHook((_, _, output) => seen = output);
        using (GradMode.NoGrad())
        {
            model.Forward(Tensor.Rand([2, 784], generator: new Generator(7)));
            model.Forward(Tensor.Rand([2, 784], generator: new Generator(8)));
        }

        Assert.Equal(2 * 6 * 28 * 28, seen!.ToArray().Length); // not recycled: reading it does not throw
    }
}
