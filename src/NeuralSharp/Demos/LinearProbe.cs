using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Demos;

/// <summary>
/// How well a representation separates the classes: a softmax regression (one linear layer) trained on the features of
/// the training examples, scored on the test examples' features. Features are standardised with the training set's
/// statistics first, so the probe's learning rate suits any scale.
/// </summary>
internal static class LinearProbe
{
    /// <summary>The probe's test accuracy.</summary>
    public static double Accuracy(Tensor trainFeatures, int[] trainLabels, Tensor testFeatures, int[] testLabels, int classes, int seed, int epochs = 30)
    {
        var mean = trainFeatures.Mean(0, keepDim: true);
        var std = ((trainFeatures - mean) * (trainFeatures - mean)).Mean(0, keepDim: true).Sqrt() + 1e-6;
        var train = new TensorDataset(((trainFeatures - mean) / std).Detach(), trainLabels);
        var test = ((testFeatures - mean) / std).Detach();
        var probe = new Linear(trainFeatures.Size(1), classes, generator: new Generator(seed));
        Trainer.Fit(probe, new CrossEntropyLoss(), new Adam(probe.Parameters(), 0.02), train, new FitOptions
        {
            Epochs = epochs,
            BatchSize = 128,
            Generator = new Generator(seed),
            DetectAnomalies = false,
        });
        return Classification.Accuracy(Trainer.Predict(probe, test), testLabels);
    }
}
