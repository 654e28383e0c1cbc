using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Metrics;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Training;

namespace NeuralSharp.Demos;

/// <summary>What the transfer and distillation demonstrations share: picking examples by class, training and scoring a classifier.</summary>
internal static class DemoTraining
{
    /// <summary>
    /// The images whose labels are in <paramref name="classes"/> as [n, pixels] inputs, labelled by their position in
    /// <paramref name="classes"/> (so digits 5 to 9 become classes 0 to 4 of a new head); at most
    /// <paramref name="perClass"/> of each class, drawn at random by <paramref name="seed"/>, or all of them.
    /// </summary>
    public static TensorDataset Select(ImageDataset images, int[] classes, int? perClass = null, int seed = 0)
    {
        var random = new Random(seed);
        var chosen = new List<int>();
        foreach (var c in classes)
        {
            var ofClass = Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == c).ToArray();
            if (perClass is { } k)
            {
                random.Shuffle(ofClass);
                ofClass = ofClass[..Math.Min(k, ofClass.Length)];
            }

            chosen.AddRange(ofClass);
        }

        // Back in the data set's order, so that the classes are interleaved as the images were.
        chosen.Sort();
        var picked = images.Select([.. chosen]);
        var inputs = Tensor.FromArray(picked.Images, picked.Count, picked.PixelsPerImage);
        return new TensorDataset(inputs, [.. picked.Labels.Select(l => Array.IndexOf(classes, (int)l))]);
    }

    /// <summary>Trains <paramref name="net"/> with cross-entropy by <see cref="Trainer.Fit"/> (shuffled, seeded).</summary>
    public static void Fit(Module net, Optimizer optimizer, TensorDataset data, int epochs, int batchSize, int seed) =>
        Trainer.Fit(net, new CrossEntropyLoss(), optimizer, data, new FitOptions
        {
            Epochs = epochs,
            BatchSize = batchSize,
            Generator = new Generator(seed),
            DetectAnomalies = false,
        });

    /// <summary>The share of <paramref name="data"/> that <paramref name="net"/> classifies correctly (evaluation mode).</summary>
    public static double Accuracy(Module net, TensorDataset data) => Classification.Accuracy(Trainer.Predict(net, data.Inputs), data.Labels!);

    /// <summary>Linear layers of the given sizes with ReLU between them: the body of a classifier whose head comes after.</summary>
    public static Sequential ReluBody(int[] sizes, Generator generator) => DemoNetworks.Mlp(sizes, () => new ReLU(), generator).Add(new ReLU());
}
