using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.IO;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Optim.Schedulers;
using NeuralSharp.Tests.Data;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

public class CallbackTests
{
    private static EpochRecord Record(int epoch, double validationLoss) => new(epoch, 1.0, null, validationLoss, null, 0.1, 100, 0.1);

    private static void SetWeights(Module model, float value)
    {
        foreach (var p in model.Parameters())
        {
            using (GradMode.NoGrad())
            {
                p.CopyFrom(Tensor.Zeros(p.Shape) + value);
            }
        }
    }

    private static float FirstWeight(Module model) => ((Linear)((Sequential)model)[0]).Weight.ToArray()[0];

    [Fact]
    public void EarlyStoppingWaitsPatienceEpochsThenRestoresTheBestWeights()
    {
        var model = TrainingTestData.SmallNet();
        var stopping = new EarlyStopping(patience: 2);
        var losses = new[] { 1.0, 0.5, 0.6, 0.5, 0.7 };
        var reasons = new List<string?>();
        for (var epoch = 1; epoch <= losses.Length; epoch++)
        {
            SetWeights(model, epoch);
            reasons.Add(stopping.OnEpochEnd(model, Record(epoch, losses[epoch - 1])));
        }

        // Epoch 4 only equals the best, which is not an improvement; epoch 5 is the third without one.
        Assert.Equal([null, null, null, null], reasons.Take(4));
        Assert.NotNull(reasons[4]);
        Assert.Contains("epoch 2", reasons[4]);
        Assert.Equal(2, stopping.BestEpoch);
        stopping.OnTrainEnd(model);
        Assert.All(model.Parameters(), p => Assert.All(p.ToArray(), v => Assert.Equal(2f, v)));
    }

    [Fact]
    public void EarlyStoppingStopsFitWhenValidationLossRisesAndKeepsTheBestEpoch()
    {
        // The validation labels are the training labels shifted by one class: the better the
        // model learns the training data, the worse its validation loss.
        var train = TrainingTestData.Blobs(perClass: 10);
        var shifted = train.GetBatch(Enumerable.Range(0, train.Count).ToArray()).Labels!.Select(l => (l + 1) % 3).ToArray();
        var validation = new TensorDataset(train.Inputs, shifted);
        var model = TrainingTestData.SmallNet();
        var stopping = new EarlyStopping(patience: 2);
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new Adam(model.Parameters(), 0.05), train,
            new FitOptions { Epochs = 30, BatchSize = 10, Validation = validation, Callbacks = [stopping] });

        Assert.NotNull(history.StoppedEarly);
        Assert.True(history.Epochs.Count < 30);
        var losses = history.Epochs.Select(e => e.ValidationLoss!.Value).ToArray();
        var best = Array.IndexOf(losses, losses.Min()) + 1;
        Assert.Equal(best, stopping.BestEpoch);
        Assert.Equal(best + 3, history.Epochs.Count);
        // The weights in the model at the end are those of the best epoch, not the last.
        Assert.Equal(losses.Min(), Trainer.Evaluate(model, new CrossEntropyLoss(), validation).Loss, 1e-5);
        Assert.True(losses[^1] > losses.Min());
    }

    [Fact]
    public void ModelCheckpointSavesOnlyOnImprovement()
    {
        using var dir = new TempDirectory();
        var path = dir.File("best.safetensors");
        var model = TrainingTestData.SmallNet();
        var checkpoint = new ModelCheckpoint(path);

        var losses = new[] { 1.0, 0.8, 0.9, 0.7, 0.75 };
        var saved = new List<int>();
        for (var epoch = 1; epoch <= losses.Length; epoch++)
        {
            SetWeights(model, epoch);
            checkpoint.OnEpochEnd(model, Record(epoch, losses[epoch - 1]));
            saved.Add(checkpoint.SavedEpoch);
            var loaded = Model.Load(path);
            // The file holds the weights of the best epoch so far.
            Assert.Equal((float)saved[^1], FirstWeight(loaded));
            Assert.Equal(saved[^1].ToString(System.Globalization.CultureInfo.InvariantCulture), SafeTensorsFile.Read(path).Metadata["epoch"]);
        }

        Assert.Equal([1, 2, 2, 4, 4], saved);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void ModelCheckpointInFitWritesALoadableModel()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        var data = TrainingTestData.Blobs(perClass: 10);
        var model = TrainingTestData.SmallNet();
        var checkpoint = new ModelCheckpoint(path, NeuralSharp.Training.Monitor.TrainLoss);
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new Adam(model.Parameters(), 0.05), data,
            new FitOptions { Epochs = 3, BatchSize = 10, Callbacks = [checkpoint] });

        // The training loss falls every epoch here, so the last epoch is the one saved.
        Assert.True(history.Epochs[2].TrainLoss < history.Epochs[1].TrainLoss);
        Assert.Equal(3, checkpoint.SavedEpoch);
        var loaded = Model.Load(path);
        Assert.Equal(Trainer.Predict(model, data.Inputs).ToArray(), Trainer.Predict(loaded, data.Inputs).ToArray());
    }

    [Fact]
    public void ModelCheckpointCanSaveEveryEpoch()
    {
        using var dir = new TempDirectory();
        var model = TrainingTestData.SmallNet();
        var checkpoint = new ModelCheckpoint(dir.File("last.safetensors"), saveBestOnly: false);
        checkpoint.OnEpochEnd(model, Record(1, 0.5));
        checkpoint.OnEpochEnd(model, Record(2, 0.9));
        Assert.Equal(2, checkpoint.SavedEpoch);
    }

    [Fact]
    public void StepLRChangesTheLearningRateRecordedEachEpoch()
    {
        var model = TrainingTestData.SmallNet();
        var optimizer = new SGD(model.Parameters(), 0.1);
        var history = Trainer.Fit(model, new CrossEntropyLoss(), optimizer, TrainingTestData.Blobs(perClass: 4),
            new FitOptions { Epochs = 5, BatchSize = 6, Callbacks = [new LearningRateScheduling(new StepLR(optimizer, stepSize: 2, gamma: 0.5))] });

        // Each record holds the rate used during its epoch; the schedule steps after it.
        var rates = history.Epochs.Select(e => e.LearningRate).ToArray();
        Assert.Equal(5, rates.Length);
        Assert.Equal(0.1, rates[0], 1e-12);
        Assert.Equal(0.1, rates[1], 1e-12);
        Assert.Equal(0.05, rates[2], 1e-12);
        Assert.Equal(0.05, rates[3], 1e-12);
        Assert.Equal(0.025, rates[4], 1e-12);
        Assert.Equal(0.025, optimizer.LearningRate, 1e-12); // five steps: 0.1 * 0.5^(5 / 2)
    }
}
