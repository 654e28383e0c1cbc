using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Tests.Training;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// The LSTM's fused path (one LstmSequenceOp per layer and direction) against the step-by-step composition that padded
/// sequences still take, and its determinism across thread counts.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public class FusedLstmTests
{
    /// <summary>Full lengths make ForwardPadded compute the same function through the composed steps.</summary>
    [Fact]
    public void TheFusedPathAgreesWithTheComposedStepsInOutputsStatesAndGradients()
    {
        var (fused, fusedGrads) = RunTwoLayerBidirectional(padded: false);
        var (composed, composedGrads) = RunTwoLayerBidirectional(padded: true);
        for (var i = 0; i < fused.Length; i++)
        {
            TestData.AssertClose(composed[i].ToDoubleArray(), fused[i], 1e-5);
        }

        Assert.Equal(composedGrads.Keys.Order(), fusedGrads.Keys.Order());
        foreach (var (name, g) in composedGrads)
        {
            TestData.AssertClose(g.ToDoubleArray(), fusedGrads[name], 1e-5);
        }
    }

    /// <summary>The fused op wants one element type; a float64 input to float32 weights takes the composed steps, which promote.</summary>
    [Fact]
    public void AnInputOfAnotherElementTypeTakesTheComposedSteps()
    {
        var lstm = new LSTM(3, 4, generator: new Generator(1));
        var x = Tensor.Randn([5, 2, 3], generator: new Generator(2), dtype: DType.Float64);
        var (y, _) = lstm.Forward((x, null));
        var (composed, _) = lstm.ForwardPadded(x, [5, 5]);
        Assert.Equal(composed.DType, y.DType);
        Assert.Equal(composed.ToDoubleArray(), y.ToDoubleArray());
    }

    /// <summary>
    /// A bidirectional layer (steps taken both ways). 70 sequences of 128 units are enough for the recurrence to split the batch by rows over the threads, unevenly
    /// (36 + 34 rows on two, 24 + 24 + 22 on three); 9 sequences are too few to split, so each step's kernels split themselves.
    /// </summary>
    [Theory]
    [InlineData(70, 2)]
    [InlineData(70, 3)]
    [InlineData(9, 2)]
    public void TrainingGivesBitIdenticalOutputsAndWeightsWithOneOrMoreThreads(int batch, int threads)
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var one = Train(batch);
            Parallelism.ThreadCount = threads;
            var two = Train(batch);
            Assert.Equal(one.Output, two.Output);
            Assert.Equal(one.Weights.Keys.Order(), two.Weights.Keys.Order());
            foreach (var (name, w) in one.Weights)
            {
                Assert.Equal(w, two.Weights[name]);
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    private static (Tensor[] Outputs, Dictionary<string, Tensor> Grads) RunTwoLayerBidirectional(bool padded)
    {
        var lstm = new LSTM(5, 6, numLayers: 2, batchFirst: true, bidirectional: true, generator: new Generator(3));
        var x = Tensor.Randn([4, 7, 5], generator: new Generator(4));
        var h0 = Tensor.Randn([4, 4, 6], generator: new Generator(5));
        var c0 = Tensor.Randn([4, 4, 6], generator: new Generator(6));
        var (y, (h, c)) = padded ? lstm.ForwardPadded(x, [7, 7, 7, 7], (h0, c0)) : lstm.Forward((x, (h0, c0)));
        var weights = Tensor.Randn(y.Dims, generator: new Generator(7));
        ((y * weights).Sum() + (h * h).Sum() + c.Sum()).Backward();
        return ([y, h, c], lstm.NamedParameters().ToDictionary(p => p.Key, p => p.Value.Grad!));
    }

    private static (float[] Output, Dictionary<string, float[]> Weights) Train(int batch)
    {
        var g = new Generator(1);
        var model = new Sequential(new LastStep(new LSTM(8, 128, batchFirst: true, bidirectional: true, generator: g)), new Linear(256, 3, generator: g));
        var x = Tensor.Randn([batch, 5, 8], generator: g);
        var labels = Enumerable.Range(0, batch).Select(_ => g.NextInt(3)).ToArray();
        var optimizer = new Adam(model.Parameters(), learningRate: 1e-2);
        var loss = new CrossEntropyLoss();
        for (var step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            loss.Compute(model.Forward(x), labels).Backward();
            optimizer.Step();
        }

        using (GradMode.NoGrad())
        {
            return (model.Forward(x).ToArray(), model.NamedParameters().ToDictionary(p => p.Key, p => p.Value.ToArray()));
        }
    }
}
