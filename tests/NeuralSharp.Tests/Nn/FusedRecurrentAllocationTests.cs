using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Nn;

/// <summary>What a warm LSTM or GRU training step allocates on the fused path, against the composed steps it replaced.</summary>
[Collection(MeasuredAllocationCollection.Name)]
public class FusedRecurrentAllocationTests
{
    /// <summary>
    /// A step of the row-by-row MNIST network's shape (28 steps of 28 inputs, 128 units, last step, dense), at batch 32,
    /// in an arena scope as Fit runs it. The composed steps (taken by padded sequences, here all full length) are the
    /// reference: before the fused ops every step went that way.
    /// </summary>
    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void AWarmFusedStepAllocatesLessThanAQuarterOfTheComposedSteps(string cell)
    {
        var fused = BytesPerWarmStep(cell, padded: false);
        var composed = BytesPerWarmStep(cell, padded: true);
        Assert.True(fused < 150_000, $"a warm fused {cell} step allocated {fused:N0} bytes");
        Assert.True(fused * 4 < composed, $"a warm fused {cell} step allocated {fused:N0} bytes, the composed steps {composed:N0}");
    }

    private static long BytesPerWarmStep(string cell, bool padded)
    {
        var g = new Generator(1);
        var x = Tensor.Rand([32, 28, 28], generator: g);
        var lengths = Enumerable.Repeat(28, 32).ToArray();
        (ModuleBase Module, Func<Tensor> Run) network;
        if (cell == "lstm")
        {
            var lstm = new LSTM(28, 128, batchFirst: true, generator: g);
            network = (lstm, () => padded ? lstm.ForwardPadded(x, lengths).Output : lstm.Forward((x, null)).Output);
        }
        else
        {
            var gru = new GRU(28, 128, batchFirst: true, generator: g);
            network = (gru, () => padded ? gru.ForwardPadded(x, lengths).Output : gru.Forward((x, null)).Output);
        }

        var head = new Linear(128, 10, generator: g);
        var labels = Enumerable.Range(0, 32).Select(i => i % 10).ToArray();
        var optimizer = new Adam(network.Module.Parameters().Concat(head.Parameters()), learningRate: 1e-3);
        var loss = new CrossEntropyLoss();
        var arena = new TensorArena();
        void Step()
        {
            optimizer.ZeroGrad();
            using (arena.Scope())
            {
                var y = network.Run();
                loss.Compute(head.Forward(y.Narrow(1, 27, 1).Squeeze(1)), labels).Backward();
            }

            optimizer.Step();
        }

        for (var i = 0; i < 3; i++)
        {
            Step();
        }

        const int steps = 5;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++)
        {
            Step();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / steps;
    }
}
