using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

public class AnomalyDetectionTests
{
    [Fact]
    public void AHugeLearningRateStopsFitNamingEpochBatchAndParameter()
    {
        // 1e30 leaves the weights finite (about 1e29) after the first step; the next forward pass overflows.
        var model = TrainingTestData.SmallNet();
        var ex = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 1e30),
            TrainingTestData.Blobs(perClass: 8), new FitOptions { Epochs = 3, BatchSize = 8 }));
        Assert.Contains("epoch 1, batch 2", ex.Message);
        Assert.Matches(@"the largest parameter is '[02]\.(weight|bias)'", ex.Message);
        Assert.Contains("learning rate", ex.Message);
    }

    [Fact]
    public void AnUpdateThatOverflowsNamesTheParameter()
    {
        // Beyond float's range the first update itself makes the weights infinite.
        var model = TrainingTestData.SmallNet();
        var ex = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 1e39),
            TrainingTestData.Blobs(perClass: 8), new FitOptions { Epochs = 3, BatchSize = 8 }));
        Assert.Contains("epoch 1, batch 1", ex.Message);
        Assert.Contains("parameter '0.weight'", ex.Message);
    }

    [Fact]
    public void ANaNInTheInputsStopsFitAtTheBatchThatHoldsIt()
    {
        var data = TrainingTestData.Blobs(perClass: 4); // 12 examples
        var x = data.Inputs.ToArray();
        x[2 * 9] = float.NaN; // example 9: the third batch of four
        var poisoned = new TensorDataset(Tensor.FromArray(x, 12, 2), data.GetBatch(Enumerable.Range(0, 12).ToArray()).Labels!);
        var model = TrainingTestData.SmallNet();
        var ex = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1),
            poisoned, new FitOptions { Epochs = 2, BatchSize = 4, Shuffle = false }));
        Assert.Contains("epoch 1, batch 3", ex.Message);
        Assert.Contains("inputs hold NaN", ex.Message);
    }

    [Fact]
    public void WithoutDetectionADivergingFitRunsToTheEnd()
    {
        var model = TrainingTestData.SmallNet();
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 1e30),
            TrainingTestData.Blobs(perClass: 8), new FitOptions { Epochs = 3, BatchSize = 8, DetectAnomalies = false });
        Assert.Equal(3, history.Epochs.Count);
        Assert.Contains(history.Epochs, e => !double.IsFinite(e.TrainLoss));
    }

    [Fact]
    public void ALossThatGrowsByOrdersOfMagnitudeWithoutOverflowingStopsFit()
    {
        // Adam at 1e6 keeps every number finite (the loss reaches about 1e6 and more) but the network learns nothing.
        var model = TrainingTestData.SmallNet();
        var ex = Assert.Throws<TrainingDivergedException>(() => Trainer.Fit(model, new CrossEntropyLoss(), new Adam(model.Parameters(), 1e6),
            TrainingTestData.Blobs(perClass: 8), new FitOptions { Epochs = 3, BatchSize = 8 }));
        Assert.Matches(@"training diverged at epoch 1, batch \d+: the loss \S+ is \S+ times its starting value", ex.Message);
        Assert.Contains("smaller learning rate", ex.Message);
    }

    [Fact]
    public void TheSameRunWithTheGrowthCheckOffEndsFiniteAndFarAboveItsStart()
    {
        // What the check is for: without it, nothing non-finite ever appears and the run "succeeds".
        var model = TrainingTestData.SmallNet();
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new Adam(model.Parameters(), 1e6),
            TrainingTestData.Blobs(perClass: 8), new FitOptions { Epochs = 3, BatchSize = 8, DivergenceFactor = null });
        Assert.Equal(3, history.Epochs.Count);
        Assert.All(history.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss)));
        Assert.True(history.Epochs[^1].TrainLoss > 1e4 * 1.2, $"final loss {history.Epochs[^1].TrainLoss}");
    }
}
