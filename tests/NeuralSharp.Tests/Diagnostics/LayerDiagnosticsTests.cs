using NeuralSharp.Data;
using NeuralSharp.Diagnostics;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Tests.Training;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Diagnostics;

public class LayerDiagnosticsTests
{
    [Fact]
    public void EachEpochHasOneEntryPerLeafLayerAndPerParameterAndTheHooksGoWhenTrainingEnds()
    {
        var model = TrainingTestData.SmallNet();
        var diagnostics = new LayerDiagnostics(histogramBins: 10);
        Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), TrainingTestData.Blobs(perClass: 8),
            new FitOptions { Epochs = 3, BatchSize = 8, Callbacks = [diagnostics] });

        Assert.Equal([1, 2, 3], diagnostics.Epochs.Select(e => e.Epoch));
        var last = diagnostics.Epochs[^1];
        Assert.Equal(["0", "1", "2"], last.Layers.Select(l => l.Name));
        Assert.Equal(["Linear", "ReLU", "Linear"], last.Layers.Select(l => l.Type));
        Assert.Equal([false, true, false], last.Layers.Select(l => l.IsActivation));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], last.Parameters.Select(p => p.Name));
        Assert.Equal([8L * 16, 8 * 16, 8 * 3], last.Layers.Select(l => l.Activations.Total)); // the last batch's 8 examples
        Assert.False(diagnostics.IsAttached);
    }

    [Fact]
    public void TheFiguresAreThoseOfTheTensorsTheyDescribe()
    {
        // One batch holding every example: the epoch's statistics are those of a single forward and backward pass.
        var data = TrainingTestData.Blobs(perClass: 8);
        var model = TrainingTestData.SmallNet();
        var reference = model.Clone();
        var diagnostics = new LayerDiagnostics();
        Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.5), data,
            new FitOptions { Epochs = 1, BatchSize = data.Count, Shuffle = false, Callbacks = [diagnostics] });

        var x = data.Inputs;
        var hidden = ((Module)reference[1]).Forward(((Module)reference[0]).Forward(x)).ToDoubleArray();
        var relu = diagnostics.Epochs[0].Layers[1];
        Assert.Equal(hidden.Average(), relu.ActivationMean, 1e-6);
        Assert.Equal(Math.Sqrt(hidden.Average(v => v * v) - (hidden.Average() * hidden.Average())), relu.ActivationStd, 1e-6);
        Assert.Equal(hidden.Count(v => v > 0) / (double)hidden.Length, relu.ActiveFraction, 12);
        // A ReLU unit passes no gradient back exactly where its input, hence its output, is zero for every example.
        var units = Enumerable.Range(0, 16).Count(u => Enumerable.Range(0, data.Count).All(i => hidden[(i * 16) + u] <= 0));
        Assert.Equal(units / 16.0, relu.DeadFraction!.Value, 12);
        Assert.Equal(hidden.Length, relu.Activations.Total);

        // The update ratio of the one step: |w1 - w0| / |w0|.
        var w0 = reference.NamedParameters().First().Value.ToDoubleArray();
        var w1 = model.NamedParameters().First().Value.ToDoubleArray();
        var ratio = Math.Sqrt(w0.Zip(w1).Sum(p => (p.First - p.Second) * (p.First - p.Second))) / Math.Sqrt(w0.Sum(v => v * v));
        var weight = diagnostics.Epochs[0].Parameters[0];
        Assert.Equal(ratio, weight.UpdateRatio, 1e-6);
        Assert.Equal(Math.Sqrt(w1.Sum(v => v * v)), weight.WeightNorm, 1e-5);
        Assert.True(weight.GradientNorm > 0);
        Assert.Equal(32, weight.Gradients!.Total);
        var change = w1.Zip(w0).Select(p => p.First - p.Second).ToArray();
        Assert.Equal(32, weight.Updates!.Total);
        Assert.Equal(change.Min(), weight.Updates.Min, 1e-6);
        Assert.Equal(32, weight.Weights.Total);
    }

    [Fact]
    public void ValidationPassesDoNotCount()
    {
        var data = TrainingTestData.Blobs(perClass: 8);
        var model = TrainingTestData.SmallNet();
        var diagnostics = new LayerDiagnostics();
        Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), data,
            new FitOptions { Epochs = 1, BatchSize = 8, Shuffle = false, Callbacks = [diagnostics], Validation = TrainingTestData.Blobs(perClass: 50, seed: 8) });

        // The last training batch had 8 examples; the validation pass (150) would have replaced it.
        Assert.Equal(8 * 16, diagnostics.Epochs[0].Layers[1].Activations.Total);
    }

    [Fact]
    public void ATooLargeLearningRateKillsReLUsThatLeakyReLUKeepsAlive()
    {
        // The dead-relu demo's task: a 10-64-64-1 regression trained by Adam.
        var g = new Generator(1);
        var x = Tensor.Randn([384, 10], generator: g);
        var y = ((x.Narrow(1, 0, 1) * 3.0).Tanh() + (x.Narrow(1, 1, 1) * x.Narrow(1, 2, 1))) * 2.0;
        double Dead(Func<Module> activation, double lr)
        {
            var gen = new Generator(2);
            var model = new Sequential(new Linear(10, 64, generator: gen), activation(), new Linear(64, 64, generator: gen), activation(), new Linear(64, 1, generator: gen));
            var diagnostics = new LayerDiagnostics();
            Trainer.Fit(model, new MseLoss(), new Adam(model.Parameters(), lr), new TensorDataset(x, y),
                new FitOptions { Epochs = 6, BatchSize = 32, Generator = new Generator(3), Callbacks = [diagnostics] });
            var hidden = diagnostics.Epochs[^1].Layers.Where(l => l.IsActivation).ToList();
            Assert.Equal(2, hidden.Count);
            Assert.All(diagnostics.Epochs[^1].Layers.Where(l => !l.IsActivation), l => Assert.Null(l.DeadFraction));
            return hidden.Average(l => l.DeadFraction!.Value);
        }

        var gentle = Dead(() => new ReLU(), 0.001);
        var harsh = Dead(() => new ReLU(), 0.1);
        var leaky = Dead(() => new LeakyReLU(0.01), 0.1);
        Assert.True(harsh > gentle + 0.2, $"dead ReLUs: {gentle:P0} at lr 0.001, {harsh:P0} at lr 0.1");
        Assert.Equal(0, leaky);
    }

    [Fact]
    public void AHandWrittenLoopCanAttachStepAndDetach()
    {
        var model = TrainingTestData.SmallNet();
        var optimizer = new SGD(model.Parameters(), 0.1);
        var batch = TrainingTestData.Blobs(perClass: 4);
        using var diagnostics = new LayerDiagnostics();
        diagnostics.Attach(model);
        Assert.Throws<InvalidOperationException>(() => diagnostics.Attach(model));
        for (var step = 0; step < 3; step++)
        {
            optimizer.ZeroGrad();
            new CrossEntropyLoss().Compute(model.Call(batch.Inputs), batch.Labels!).Backward();
            optimizer.Step();
            diagnostics.AfterStep();
        }

        var epoch = diagnostics.EndEpoch(1);
        Assert.All(epoch.Parameters, p => Assert.True(p.UpdateRatio > 0));
        Assert.All(epoch.Layers, l => Assert.True(l.GradientNorm > 0));
        diagnostics.Detach();
        model.Call(batch.Inputs);
        Assert.Empty(diagnostics.EndEpoch(2).Layers);
    }

    [Fact]
    public void HistogramsCountEveryFiniteValueOnce()
    {
        var h = Histogram.Of([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, double.NaN], bins: 5);
        Assert.Equal([2L, 2, 2, 2, 2], h.Counts);
        Assert.Equal(0, h.Min);
        Assert.Equal(9, h.Max);
        Assert.Equal(0.9, h.Centre(0), 12);
        var constant = Histogram.Of([4, 4, 4], bins: 3);
        Assert.Equal([3L, 0, 0], constant.Counts);
        Assert.True(constant.Max > constant.Min);
    }
}
