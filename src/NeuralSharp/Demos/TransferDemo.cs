using NeuralSharp.Data;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One way of learning the target classes in <see cref="TransferDemo"/>.</summary>
/// <param name="Method">How the network was made: from scratch, a frozen reused body with a new head, or the reused body fine-tuned slowly.</param>
/// <param name="ExamplesPerClass">Labelled target examples per class it was trained on.</param>
/// <param name="TrainedParameters">The parameters the optimiser changed (the frozen body's are not counted).</param>
/// <param name="TestAccuracy">The share of the target classes' test images classified correctly.</param>
public sealed record TransferRow(string Method, int ExamplesPerClass, long TrainedParameters, double TestAccuracy);

/// <summary>What <see cref="TransferDemo.Run"/> measured.</summary>
/// <param name="Architecture">The network's layer sizes, e.g. 784-128-64-5.</param>
/// <param name="SourceExamples">The examples of the source classes the reused network was trained on.</param>
/// <param name="SourceAccuracy">That network's test accuracy on the source classes.</param>
/// <param name="Rows">One row per method and number of examples per class.</param>
public sealed record TransferResult(string Architecture, int SourceExamples, double SourceAccuracy, IReadOnlyList<TransferRow> Rows)
{
    /// <summary>The accuracy of <paramref name="method"/> trained on <paramref name="examplesPerClass"/> examples per class.</summary>
    public double Accuracy(string method, int examplesPerClass) => Rows.Single(r => r.Method == method && r.ExamplesPerClass == examplesPerClass).TestAccuracy;
}

/// <summary>
/// Transfer learning by weight transfer: a network trained on some classes (MNIST digits 0-4) is reused for
/// others (digits 5-9) of which only a few labelled examples exist. Its body is kept, frozen, and only a new
/// head is trained; against it, the same network trained from scratch on the same few examples, and the
/// reused body fine-tuned ten times slower than its new head (two parameter groups).
/// </summary>
/// <remarks>The body's features were learned on strokes shared by all digits, so a head on top of them needs few
/// examples; a network from scratch must learn those features from the few examples too, and overfits them.</remarks>
public static class TransferDemo
{
    /// <summary>The method names of <see cref="TransferRow.Method"/>.</summary>
    public const string Scratch = "from scratch", Frozen = "reused body (frozen) + new head", FineTuned = "reused body (lr / 10) + new head";

    /// <summary>The classes the network is first trained on.</summary>
    public static readonly int[] SourceClasses = [0, 1, 2, 3, 4];

    /// <summary>The classes it is then reused for.</summary>
    public static readonly int[] TargetClasses = [5, 6, 7, 8, 9];

    /// <summary>Trains the source network, then each method for each number of examples per class.</summary>
    /// <param name="train">Training images of all ten classes (MNIST's training set).</param>
    /// <param name="test">Test images of all ten classes.</param>
    /// <param name="examplesPerClass">The numbers of labelled target examples per class to try.</param>
    /// <param name="hidden">The body's hidden layer sizes.</param>
    /// <param name="sourceExamples">At most this many source images are trained on (all of them if fewer).</param>
    /// <param name="sourceEpochs">Passes over the source images.</param>
    /// <param name="targetSteps">About how many optimiser steps each target network takes, whatever the number of examples.</param>
    /// <param name="learningRate">Adam's learning rate for the target networks (the fine-tuned body gets a tenth of it).</param>
    /// <param name="seed">Seeds the initial weights, the examples drawn and the shuffling.</param>
    public static TransferResult Run(
        ImageDataset train,
        ImageDataset test,
        int[]? examplesPerClass = null,
        int[]? hidden = null,
        int sourceExamples = 15_000,
        int sourceEpochs = 3,
        int targetSteps = 600,
        double learningRate = 1e-2,
        int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        examplesPerClass ??= [10, 100];
        hidden ??= [256];
        int[] sizes = [train.PixelsPerImage, .. hidden];
        var classes = TargetClasses.Length;

        var source = DemoTraining.Select(train, SourceClasses, seed: seed);
        if (source.Count > sourceExamples)
        {
            source = DemoTraining.Select(train, SourceClasses, perClass: sourceExamples / SourceClasses.Length, seed: seed);
        }

        var pretrained = Classifier(sizes, SourceClasses.Length, new Generator(seed));
        DemoTraining.Fit(pretrained, new Adam(pretrained.Parameters(), 1e-3), source, sourceEpochs, batchSize: 64, seed);
        var sourceAccuracy = DemoTraining.Accuracy(pretrained, DemoTraining.Select(test, SourceClasses));

        var targetTest = DemoTraining.Select(test, TargetClasses);
        var rows = new List<TransferRow>();
        foreach (var k in examplesPerClass)
        {
            var few = DemoTraining.Select(train, TargetClasses, perClass: k, seed: seed + k);
            const int batchSize = 32;
            var epochs = Math.Max(1, targetSteps / Math.Max(1, (few.Count + batchSize - 1) / batchSize));

            var scratch = Classifier(sizes, classes, new Generator(seed + 1));
            DemoTraining.Fit(scratch, new Adam(scratch.Parameters(), learningRate), few, epochs, batchSize, seed + 2);
            rows.Add(new TransferRow(Scratch, k, scratch.TrainableParameterCount, DemoTraining.Accuracy(scratch, targetTest)));

            var frozen = WithNewHead(pretrained, hidden[^1], classes, seed + 1).Freeze("body");
            DemoTraining.Fit(frozen, new Adam(frozen.Parameters(), learningRate), few, epochs, batchSize, seed + 2);
            rows.Add(new TransferRow(Frozen, k, frozen.TrainableParameterCount, DemoTraining.Accuracy(frozen, targetTest)));

            var tuned = WithNewHead(pretrained, hidden[^1], classes, seed + 1);
            var groups = new[]
            {
                new ParameterGroup(tuned.NamedParameters().Where(p => p.Key.StartsWith("body.", StringComparison.Ordinal)).Select(p => p.Value), learningRate: learningRate / 10),
                new ParameterGroup(tuned.NamedParameters().Where(p => p.Key.StartsWith("head.", StringComparison.Ordinal)).Select(p => p.Value)),
            };
            DemoTraining.Fit(tuned, new Adam(groups, learningRate), few, epochs, batchSize, seed + 2);
            rows.Add(new TransferRow(FineTuned, k, tuned.TrainableParameterCount, DemoTraining.Accuracy(tuned, targetTest)));
        }

        return new TransferResult(string.Join("-", sizes.Append(classes)), source.Count, sourceAccuracy, rows);
    }

    /// <summary>A body of ReLU layers of <paramref name="sizes"/> and a linear head to <paramref name="classes"/> logits.</summary>
    private static Sequential Classifier(int[] sizes, int classes, Generator g) =>
        new Sequential().Add("body", DemoTraining.ReluBody(sizes, g)).Add("head", new Linear(sizes[^1], classes, generator: g));

    /// <summary>A copy of the trained network with a freshly initialised head (the old head knew the source classes only).</summary>
    private static Sequential WithNewHead(Sequential pretrained, int features, int classes, int seed)
    {
        var copy = pretrained.Clone();
        copy.Replace("head", new Linear(features, classes, generator: new Generator(seed)));
        return copy;
    }
}
