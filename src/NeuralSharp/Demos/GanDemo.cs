using NeuralSharp.Data;
using NeuralSharp.Generative;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One epoch of <see cref="GanDemo"/>.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Means">The epoch's mean discriminator loss, generator loss and discriminator accuracy.</param>
/// <param name="Samples">The generator's images for the demo's fixed noise at the end of the epoch, 784 pixels each.</param>
public sealed record GanEpoch(int Epoch, GanStepResult Means, IReadOnlyList<float[]> Samples);

/// <summary>What <see cref="GanDemo.Run"/> measured.</summary>
/// <param name="TrainExamples">Real images trained on.</param>
/// <param name="Steps">Steps taken (of each network).</param>
/// <param name="GeneratorParameters">The generator's parameter count.</param>
/// <param name="DiscriminatorParameters">The discriminator's.</param>
/// <param name="StepLosses">Every step's losses and accuracy, in order.</param>
/// <param name="Epochs">Each epoch's means and samples.</param>
public sealed record GanResult(int TrainExamples, int Steps, long GeneratorParameters, long DiscriminatorParameters, IReadOnlyList<GanStepResult> StepLosses, IReadOnlyList<GanEpoch> Epochs);

/// <summary>
/// A DCGAN (<see cref="Dcgan"/>) learns to draw digits from MNIST: each epoch, the generator's images for the same fixed
/// noise show what it has learned so far.
/// </summary>
public static class GanDemo
{
    /// <summary>The noise's size.</summary>
    public const int Latent = 32;

    /// <summary>Trains the DCGAN, sampling the fixed noise after every epoch.</summary>
    /// <param name="train">Training images (MNIST's training set); labels are not used.</param>
    /// <param name="trainExamples">At most this many images are trained on (a seeded draw).</param>
    /// <param name="epochs">Passes over them.</param>
    /// <param name="width">The networks' width (see <see cref="Dcgan"/>).</param>
    /// <param name="batchSize">Real images per step.</param>
    /// <param name="samples">How many images each epoch's picture shows.</param>
    /// <param name="learningRate">Adam's learning rate for both networks (β₁ = 0.5, as in DCGAN).</param>
    /// <param name="labelSmoothing">The real images' target is 1 minus this.</param>
    /// <param name="seed">Seeds the images drawn, the weights, the noise and the shuffling.</param>
    /// <param name="onEpoch">Called as each epoch ends (to draw its picture while training goes on).</param>
    public static GanResult Run(
        ImageDataset train,
        int trainExamples = 8_000,
        int epochs = 8,
        int width = 16,
        int batchSize = 64,
        int samples = 64,
        double learningRate = 1e-3,
        double labelSmoothing = 0.1,
        int seed = 1,
        Action<GanEpoch>? onEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Rows != 28 || train.Cols != 28)
        {
            throw new ArgumentException($"gan demo: the DCGAN draws 28x28 images, not {train.Rows}x{train.Cols}", nameof(train));
        }

        var subset = train.Shuffle(new Random(seed)).Slice(0, Math.Min(trainExamples, train.Count));
        var images = Tensor.FromArray(subset.Images, subset.Count, subset.PixelsPerImage);
        var g = new Generator(seed);
        var generatorNet = Dcgan.CreateGenerator(Latent, width, g);
        var discriminator = Dcgan.CreateDiscriminator(width, g);
        var gan = new GanTrainer(generatorNet, discriminator,
            new Adam(generatorNet.Parameters(), learningRate, beta1: 0.5), new Adam(discriminator.Parameters(), learningRate, beta1: 0.5),
            Latent, labelSmoothing, new Generator(seed + 1));
        var fixedNoise = Tensor.Randn([samples, Latent], generator: new Generator(seed + 2));
        var loader = new DataLoader(new TensorDataset(images, images), Math.Min(batchSize, subset.Count), shuffle: true, generator: new Generator(seed + 3), dropLast: true);
        var steps = new List<GanStepResult>();
        var results = new List<GanEpoch>();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var first = steps.Count;
            foreach (var batch in loader)
            {
                steps.Add(gan.Step(batch.Inputs));
            }

            var ofEpoch = steps.Skip(first).ToArray();
            var means = new GanStepResult(ofEpoch.Average(s => s.DiscriminatorLoss), ofEpoch.Average(s => s.GeneratorLoss), ofEpoch.Average(s => s.DiscriminatorAccuracy));
            var drawn = gan.Sample(fixedNoise);
            var result = new GanEpoch(epoch, means, [.. Enumerable.Range(0, samples).Select(i => drawn.Narrow(0, i, 1).ToArray())]);
            results.Add(result);
            onEpoch?.Invoke(result);
        }

        return new GanResult(subset.Count, steps.Count, generatorNet.ParameterCount, discriminator.ParameterCount, steps, results);
    }
}
