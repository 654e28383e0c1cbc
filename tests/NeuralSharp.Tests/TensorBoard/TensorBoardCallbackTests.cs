using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.TensorBoard;
using NeuralSharp.TensorBoard.Proto;
using NeuralSharp.Tests.Data;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.TensorBoard;

/// <summary><see cref="TensorBoardCallback"/> through <see cref="Trainer.Fit"/>: what every epoch logs matches the history and the model.</summary>
public sealed class TensorBoardCallbackTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FitLogsScalarsAndHistogramsPerEpoch()
    {
        var g = new Generator(3);
        var model = new Sequential(new Linear(4, 5, generator: g), new ReLU(), new Linear(5, 3, generator: g));
        var inputs = Tensor.Randn([24, 4], generator: g);
        var labels = Enumerable.Range(0, 24).Select(i => i % 3).ToArray();
        var data = new TensorDataset(inputs, labels);
        string path;
        TrainingHistory history;
        using (var callback = new TensorBoardCallback(_dir.Path))
        {
            path = callback.Writer.FilePath;
            history = Trainer.Fit(model, new CrossEntropyLoss(), new SGD(model.Parameters(), 0.1), data, new FitOptions
            {
                Epochs = 3,
                BatchSize = 8,
                Generator = g,
                Validation = data,
                Callbacks = [callback],
            });
            Assert.Equal(3, callback.LastEpoch);
        }

        var values = TensorBoardEventReader.ReadAll(path).Skip(1)
            .SelectMany(e => e.Summary.Value.Select(v => (e.Step, Value: v)))
            .ToLookup(x => x.Value.Tag);
        foreach (var (tag, pick) in new (string, Func<EpochRecord, double?>)[]
        {
            ("loss/train", r => r.TrainLoss), ("loss/validation", r => r.ValidationLoss), ("accuracy/train", r => r.TrainAccuracy),
            ("accuracy/validation", r => r.ValidationAccuracy), ("learning_rate", r => r.LearningRate),
        })
        {
            Assert.Equal(new long[] { 1, 2, 3 }, values[tag].Select(x => x.Step));
            Assert.Equal(history.Epochs.Select(r => (float)pick(r)!.Value), values[tag].Select(x => x.Value.SimpleValue));
        }

        var names = model.NamedParameters().Select(p => p.Key).ToArray();
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], names);
        foreach (var (name, parameter) in model.NamedParameters())
        {
            var weights = values[$"weights/{name}"].ToArray();
            var gradients = values[$"gradients/{name}"].ToArray();
            Assert.Equal(new long[] { 1, 2, 3 }, weights.Select(x => x.Step));
            Assert.Equal(new long[] { 1, 2, 3 }, gradients.Select(x => x.Step));
            // The last epoch's histograms are of the trained parameter and of the gradient its last step left.
            AssertHistogramOf(parameter.ToArray(), weights[^1].Value.Histo);
            AssertHistogramOf(parameter.Grad!.ToArray(), gradients[^1].Value.Histo);
        }

        // The weights moved between epochs, so their histograms differ.
        Assert.NotEqual(values["weights/0.weight"].First().Value.Histo.Sum, values["weights/0.weight"].Last().Value.Histo.Sum);
    }

    [Fact]
    public void HistogramsCanBeLeftOutAndGradientlessParametersGetNone()
    {
        var model = new Sequential(new Linear(2, 2, generator: new Generator(1)));
        string path;
        using (var callback = new TensorBoardCallback(_dir.Path, histograms: false))
        {
            path = callback.Writer.FilePath;
            callback.OnEpochEnd(model, new EpochRecord(1, 0.5, null, null, null, 1, 10, 0.01));
        }

        var tags = TensorBoardEventReader.ReadAll(path).Skip(1).Select(e => e.Summary.Value[0].Tag).ToArray();
        Assert.Equal(["loss/train", "learning_rate", "examples_per_second"], tags);

        using var withHistograms = new TensorBoardCallback(_dir.File("h"));
        model[0].NamedParameters().First().Value.Grad = null;
        withHistograms.OnEpochEnd(model, new EpochRecord(1, 0.5, null, null, null, 1, 10, 0.01));
        withHistograms.Writer.Flush();
        var logged = TensorBoardEventReader.ReadAll(withHistograms.Writer.FilePath).Skip(1).Select(e => e.Summary.Value[0].Tag).ToArray();
        Assert.Contains("weights/0.weight", logged);
        Assert.DoesNotContain(logged, t => t.StartsWith("gradients/", StringComparison.Ordinal));
    }

    private static void AssertHistogramOf(float[] expected, HistogramProto histogram)
    {
        Assert.Equal(expected.Length, histogram.Num);
        Assert.Equal(expected.Min(), histogram.Min);
        Assert.Equal(expected.Max(), histogram.Max);
        Assert.Equal(expected.Sum(v => (double)v), histogram.Sum, 9);
        Assert.Equal(expected.Length, histogram.Bucket.Sum());
    }
}
