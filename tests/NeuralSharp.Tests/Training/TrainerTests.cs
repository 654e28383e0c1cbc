using System.Text.Json;
using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void FitLearnsBlobsAndRecordsOneFiniteEntryPerEpoch()
    {
        var data = TrainingTestData.Blobs();
        var model = TrainingTestData.SmallNet();
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new Adam(model.Parameters(), 0.05), data,
            new FitOptions { Epochs = 8, BatchSize = 16, Generator = new Generator(5) });

        Assert.Equal(8, history.Epochs.Count);
        Assert.Null(history.StoppedEarly);
        for (var i = 0; i < history.Epochs.Count; i++)
        {
            var e = history.Epochs[i];
            Assert.Equal(i + 1, e.Epoch);
            Assert.True(double.IsFinite(e.TrainLoss) && e.TrainLoss >= 0, $"epoch {e.Epoch}: loss {e.TrainLoss}");
            Assert.NotNull(e.TrainAccuracy);
            Assert.InRange(e.TrainAccuracy!.Value, 0, 1);
            Assert.True(e.Seconds > 0, $"epoch {e.Epoch}: {e.Seconds} s");
            Assert.True(e.ExamplesPerSecond > 0);
            Assert.Null(e.ValidationLoss);
            Assert.Equal(0.05, e.LearningRate);
        }

        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
        Assert.True(history.Epochs[^1].TrainAccuracy >= 0.95, $"final training accuracy {history.Epochs[^1].TrainAccuracy}");
        Assert.True(Trainer.Evaluate(model, new CrossEntropyLoss(), data).Accuracy >= 0.95);
        Assert.Equal(history.Epochs.Sum(e => e.Seconds), history.TotalSeconds, 1e-12);
    }

    [Fact]
    public void HistoryCsvAndJsonHoldEveryEpoch()
    {
        var data = TrainingTestData.Blobs(perClass: 10);
        var model = TrainingTestData.SmallNet();
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), data,
            new FitOptions { Epochs = 3, BatchSize = 8, Validation = TrainingTestData.Blobs(perClass: 5, seed: 9) });

        var lines = history.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal("epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds,examples_per_second,learning_rate", lines[0]);
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            Assert.Equal(8, fields.Length);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), fields[0]);
            Assert.Equal(history.Epochs[i - 1].TrainLoss, double.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(history.Epochs[i - 1].ValidationLoss, double.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
        }

        using var json = JsonDocument.Parse(history.ToJson());
        var epochs = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, epochs.Length);
        for (var i = 0; i < epochs.Length; i++)
        {
            Assert.Equal(i + 1, epochs[i].GetProperty("epoch").GetInt32());
            Assert.Equal(history.Epochs[i].TrainLoss, epochs[i].GetProperty("train_loss").GetDouble());
            Assert.Equal(history.Epochs[i].ValidationAccuracy, epochs[i].GetProperty("validation_accuracy").GetDouble());
        }
    }

    [Fact]
    public void AFinalPartialBatchIsTrainedOn()
    {
        var data = TrainingTestData.Blobs(perClass: 10); // 30 examples
        var model = TrainingTestData.SmallNet();
        var progress = new TrainingTestData.ProgressLog();
        Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), data,
            new FitOptions { Epochs = 2, BatchSize = 8, Progress = progress });

        // 30 examples in batches of 8: 8, 8, 8 and a last batch of 6.
        Assert.Equal(8, progress.Reports.Count);
        Assert.All(progress.Reports, p => Assert.Equal(4, p.Batches));
        Assert.Equal([1, 2, 3, 4, 1, 2, 3, 4], progress.Reports.Select(p => p.Batch));
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2], progress.Reports.Select(p => p.Epoch));
        Assert.All(progress.Reports, p => Assert.Equal(2, p.Epochs));
        Assert.All(progress.Reports, p => Assert.True(double.IsFinite(p.Loss) && p.ExamplesPerSecond > 0));
    }

    [Fact]
    public void TenExamplesInBatchesOfFourTakeThreeSteps()
    {
        var model = new Sequential(new Linear(2, 3, generator: new Generator(1)));
        var data = new TensorDataset(TestData.Seeded(4, 10, 2).To(DType.Float32), Enumerable.Range(0, 10).Select(i => i % 3).ToArray());
        var before = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var progress = new TrainingTestData.ProgressLog();
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), data,
            new FitOptions { Epochs = 1, BatchSize = 4, Shuffle = false, Progress = progress });

        Assert.Equal([1, 2, 3], progress.Reports.Select(p => p.Batch));
        Assert.All(progress.Reports, p => Assert.Equal(3, p.Batches));
        Assert.NotEqual(before["0.weight"].ToArray(), model.StateDict()["0.weight"].ToArray());

        // The same three steps by hand, the last on examples 8 and 9 only, give the same weights.
        var manual = new Sequential(new Linear(2, 3, generator: new Generator(1)));
        var sgd = new SGD(manual.Parameters(), 0.1);
        var loss = new CrossEntropyLoss();
        foreach (var (start, count) in new[] { (0, 4), (4, 4), (8, 2) })
        {
            var batch = data.GetBatch(Enumerable.Range(start, count).ToArray());
            sgd.ZeroGrad();
            loss.Compute(manual.Forward(batch.Inputs), batch.Labels!).Backward();
            sgd.Step();
        }

        Assert.Equal(manual.StateDict()["0.weight"].ToArray(), model.StateDict()["0.weight"].ToArray());
        Assert.Equal(manual.StateDict()["0.bias"].ToArray(), model.StateDict()["0.bias"].ToArray());
        Assert.Equal(10 / history.Epochs[0].Seconds, history.Epochs[0].ExamplesPerSecond, 1e-6 * history.Epochs[0].ExamplesPerSecond);
    }

    [Fact]
    public void EvaluateAgreesWithPredictAndArgMax()
    {
        var data = TrainingTestData.Blobs(perClass: 9);
        var model = TrainingTestData.SmallNet(seed: 7);
        var loss = new CrossEntropyLoss();

        var result = Trainer.Evaluate(model, loss, data, batchSize: 5);
        var output = Trainer.Predict(model, data.Inputs, batchSize: 4);
        var labels = data.GetBatch(Enumerable.Range(0, data.Count).ToArray()).Labels!;

        Assert.Equal([data.Count, 3], output.Shape.ToArray());
        Assert.Equal(output.ArgMax(1), result.Predictions);
        Assert.Equal(labels, result.Labels);
        Assert.Equal(result.Predictions!.Zip(labels).Count(p => p.First == p.Second) / (double)data.Count, result.Accuracy!.Value, 1e-12);
        Assert.Equal(loss.Compute(output, labels).ItemAsDouble(), result.Loss, 1e-5);
        Assert.False(output.RequiresGrad);
    }

    [Fact]
    public void EvaluateAndPredictRunInEvalModeAndRestoreTheMode()
    {
        var model = new Sequential(new Linear(2, 8, generator: new Generator(1)), new Dropout(0.5, new Generator(2)), new Linear(8, 3, generator: new Generator(3)));
        var data = TrainingTestData.Blobs(perClass: 4);

        model.Train();
        // Dropout is off in evaluation mode, so two predictions agree exactly.
        Assert.Equal(Trainer.Predict(model, data.Inputs).ToArray(), Trainer.Predict(model, data.Inputs).ToArray());
        Assert.True(model.IsTraining);
        Assert.True(model[1].IsTraining);
        Assert.Equal(Trainer.Evaluate(model, new CrossEntropyLoss(), data).Loss, Trainer.Evaluate(model, new CrossEntropyLoss(), data).Loss);
        Assert.True(model.IsTraining);
        Assert.True(model[1].IsTraining);

        model.Eval();
        Trainer.Predict(model, data.Inputs);
        Trainer.Evaluate(model, new CrossEntropyLoss(), data);
        Assert.False(model.IsTraining);
        Assert.False(model[1].IsTraining);
    }

    [Fact]
    public void FitRejectsNegativeEpochsAndDoesNothingForZero()
    {
        var model = TrainingTestData.SmallNet();
        var data = TrainingTestData.Blobs(perClass: 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), data, new FitOptions { Epochs = -1 }));
        var before = model[0] is Linear l ? l.Weight.ToArray() : [];
        var history = Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), data, new FitOptions { Epochs = 0 });
        Assert.Empty(history.Epochs);
        Assert.Equal(before, ((Linear)model[0]).Weight.ToArray());
    }

    [Fact]
    public void CancellationStopsFitBetweenBatches()
    {
        var model = TrainingTestData.SmallNet();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1),
            TrainingTestData.Blobs(perClass: 2), new FitOptions { CancellationToken = cancel.Token }));
        Assert.True(model.IsTraining);
    }

    [Fact]
    public void FitUsesTargetTensorsWhenTheDataHasThem()
    {
        // A linear regression y = 2x - 1 through the quadratic cost.
        var x = Tensor.FromArray(Enumerable.Range(0, 20).Select(i => (i / 10f) - 1).ToArray(), 20, 1);
        var y = Tensor.FromArray(x.ToArray().Select(v => (2 * v) - 1).ToArray(), 20, 1);
        var model = new Sequential(new Linear(1, 1, generator: new Generator(1)));
        var history = Trainer.Fit(model, new QuadraticLoss(), new SGD(model.Parameters(), 0.3), new TensorDataset(x, y),
            new FitOptions { Epochs = 60, BatchSize = 5 });

        Assert.Null(history.Epochs[0].TrainAccuracy);
        Assert.True(history.Epochs[^1].TrainLoss < 1e-4, $"final loss {history.Epochs[^1].TrainLoss}");
        Assert.Equal(2, ((Linear)model[0]).Weight.ToArray()[0], 0.02);
        Assert.Equal(-1, ((Linear)model[0]).Bias!.ToArray()[0], 0.02);
    }
}
