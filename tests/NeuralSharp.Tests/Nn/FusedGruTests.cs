using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Tests.Training;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// The GRU's fused path (one GruSequenceOp per layer and direction) against the step-by-step composition that padded
/// sequences still take, and its determinism across thread counts.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public class FusedGruTests
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

    /// <summary>A backward pass with createGraph takes the recorded composition; its gradients are the fused pass's.</summary>
    [Fact]
    public void TheRecordedBackwardAgreesWithTheFusedOne()
    {
        var gru = new GRU(3, 4, generator: new Generator(8));
        var x = Tensor.Randn([5, 2, 3], generator: new Generator(9));
        var (y, h) = gru.Forward((x, null));
        var fused = Gradients.Of([(y * y).Sum() + h.Sum()], [.. gru.Parameters()]);
        var (y2, h2) = gru.Forward((x, null));
        var recorded = Gradients.Of([(y2 * y2).Sum() + h2.Sum()], [.. gru.Parameters()], createGraph: true);
        for (var i = 0; i < fused.Length; i++)
        {
            TestData.AssertClose(fused[i].ToDoubleArray(), recorded[i], 1e-5);
        }
    }

    /// <summary>A bidirectional layer; 70 sequences of 128 units are enough for the recurrence to split the batch by rows, unevenly with three threads.</summary>
    [Fact]
    public void TrainingGivesBitIdenticalOutputsAndWeightsWithOneTwoOrThreeThreads()
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 1;
            var one = Train();
            foreach (var threads in new[] { 2, 3 })
            {
                Parallelism.ThreadCount = threads;
                var other = Train();
                Assert.Equal(one.Output, other.Output);
                Assert.Equal(one.Weights.Keys.Order(), other.Weights.Keys.Order());
                foreach (var (name, w) in one.Weights)
                {
                    Assert.Equal(w, other.Weights[name]);
                }
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    private static (Tensor[] Outputs, Dictionary<string, Tensor> Grads) RunTwoLayerBidirectional(bool padded)
    {
        var gru = new GRU(5, 6, numLayers: 2, batchFirst: true, bidirectional: true, generator: new Generator(3));
        var x = Tensor.Randn([4, 7, 5], generator: new Generator(4));
        var h0 = Tensor.Randn([4, 4, 6], generator: new Generator(5));
        var (y, h) = padded ? gru.ForwardPadded(x, [7, 7, 7, 7], h0) : gru.Forward((x, h0));
        var weights = Tensor.Randn(y.Dims, generator: new Generator(7));
        ((y * weights).Sum() + (h * h).Sum()).Backward();
        return ([y, h], gru.NamedParameters().ToDictionary(p => p.Key, p => p.Value.Grad!));
    }

    private static (float[] Output, Dictionary<string, float[]> Weights) Train()
    {
        var g = new Generator(1);
        var model = new Sequential(new LastStep(new GRU(8, 128, batchFirst: true, bidirectional: true, generator: g)), new Linear(256, 3, generator: g));
        var x = Tensor.Randn([70, 5, 8], generator: g);
        var labels = Enumerable.Range(0, 70).Select(_ => g.NextInt(3)).ToArray();
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
