using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Generative;

/// <summary>
/// Trains a generative adversarial network (Goodfellow et al., 2014): a generator maps noise z ~ N(0, I) to examples, and
/// a discriminator, which outputs one logit per example, learns to tell them from real ones. Each <see cref="Step"/> takes
/// one step of each, the discriminator's first.
/// </summary>
/// <remarks>
/// <para>The generator minimises the non-saturating loss −log D(G(z)) rather than log(1 − D(G(z))): both have the same
/// fixed point, but the latter's gradient vanishes exactly when the discriminator wins easily, which is early in
/// training. One-sided label smoothing (real examples' target 1 − s, generated ones' 0; Salimans et al., 2016) keeps the
/// discriminator from growing overconfident.</para>
/// <para>The loop is short enough to write by hand (README's tour shows it); this class is that loop, with the noise
/// drawn from one seeded <see cref="Generator"/>, so that the same seed trains the same networks.</para>
/// </remarks>
/// <example>
/// <code>
/// var gan = new GanTrainer(generatorNet, discriminatorNet,
///     new Adam(generatorNet.Parameters(), 2e-4, beta1: 0.5), new Adam(discriminatorNet.Parameters(), 2e-4, beta1: 0.5),
///     latentFeatures: 64, labelSmoothing: 0.1, noise: new Generator(1));
/// foreach (var epoch in gan.Train(images, epochs: 5, batchSize: 64, shuffle: new Generator(2)))
/// {
///     Console.WriteLine($"D {epoch.DiscriminatorLoss:F3}  G {epoch.GeneratorLoss:F3}");
/// }
/// Tensor samples = gan.Sample(16);
/// </code>
/// </example>
public sealed class GanTrainer
{
    private readonly TensorArena _arena = new();

    /// <summary>Sets up the two networks and their optimisers.</summary>
    /// <param name="generatorNetwork">Noise [N, latent] to examples.</param>
    /// <param name="discriminator">Examples to one logit each, [N, 1] or [N].</param>
    /// <param name="generatorOptimizer">Steps the generator's parameters.</param>
    /// <param name="discriminatorOptimizer">Steps the discriminator's parameters.</param>
    /// <param name="latentFeatures">The size of the noise the generator takes.</param>
    /// <param name="labelSmoothing">s in [0, 1): real examples' target is 1 − s (0 for none; 0.1 is usual).</param>
    /// <param name="noise">Draws the noise (a fixed seed when null).</param>
    /// <exception cref="ArgumentOutOfRangeException">The latent size is not positive or the smoothing is outside [0, 1).</exception>
    public GanTrainer(Module generatorNetwork, Module discriminator, Optimizer generatorOptimizer, Optimizer discriminatorOptimizer, int latentFeatures, double labelSmoothing = 0, Generator? noise = null)
    {
        ArgumentNullException.ThrowIfNull(generatorNetwork);
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(generatorOptimizer);
        ArgumentNullException.ThrowIfNull(discriminatorOptimizer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentFeatures);
        if (!(labelSmoothing >= 0 && labelSmoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "gan: the label smoothing must lie in [0, 1)");
        }

        GeneratorNetwork = generatorNetwork;
        Discriminator = discriminator;
        GeneratorOptimizer = generatorOptimizer;
        DiscriminatorOptimizer = discriminatorOptimizer;
        LatentFeatures = latentFeatures;
        LabelSmoothing = labelSmoothing;
        Noise = noise ?? new Generator(0);
    }

    /// <summary>The network from noise to examples.</summary>
    public Module GeneratorNetwork { get; }

    /// <summary>The network from examples to logits (real above 0).</summary>
    public Module Discriminator { get; }

    /// <summary>The generator's optimiser.</summary>
    public Optimizer GeneratorOptimizer { get; }

    /// <summary>The discriminator's optimiser.</summary>
    public Optimizer DiscriminatorOptimizer { get; }

    /// <summary>The noise's size.</summary>
    public int LatentFeatures { get; }

    /// <summary>The one-sided label smoothing s.</summary>
    public double LabelSmoothing { get; }

    /// <summary>Where the noise is drawn from.</summary>
    public Generator Noise { get; }

    /// <summary>A batch of noise, [count, latent], from <see cref="Noise"/>.</summary>
    public Tensor Latent(int count) => Tensor.Randn([count, LatentFeatures], generator: Noise, dtype: GeneratorNetwork.DType);

    /// <summary>Generated examples for the given noise, without gradients (in the generator's current mode).</summary>
    public Tensor Sample(Tensor latent)
    {
        using (GradMode.NoGrad())
        {
            return GeneratorNetwork.Call(latent);
        }
    }

    /// <summary>Generated examples for fresh noise.</summary>
    public Tensor Sample(int count) => Sample(Latent(count));

    /// <summary>One step of the discriminator, then one of the generator, on a batch of real examples.</summary>
    /// <exception cref="ArgumentException">The discriminator does not give one logit per example.</exception>
    public GanStepResult Step(Tensor real)
    {
        ArgumentNullException.ThrowIfNull(real);
        var n = real.Size(0);
        using (_arena.ScopeUnlessOpen())
        {
            var fake = GeneratorNetwork.Call(Latent(n));

            DiscriminatorOptimizer.ZeroGrad();
            var realLogits = Logits(real);
            var fakeLogits = Logits(fake.Detach());
            var dLoss = Loss.BinaryCrossEntropyWithLogits(realLogits, Tensor.Full(realLogits.Shape, 1 - LabelSmoothing, realLogits.DType))
                + Loss.BinaryCrossEntropyWithLogits(fakeLogits, Tensor.ZerosLike(fakeLogits));
            dLoss.Backward();
            StepOutsideTheArena(DiscriminatorOptimizer);

            // Non-saturating: the generator wants its examples called real.
            GeneratorOptimizer.ZeroGrad();
            var judged = Logits(fake);
            var gLoss = Loss.BinaryCrossEntropyWithLogits(judged, Tensor.OnesLike(judged));
            gLoss.Backward();
            StepOutsideTheArena(GeneratorOptimizer);

            var correct = realLogits.ToDoubleArray().Count(v => v > 0) + fakeLogits.ToDoubleArray().Count(v => v < 0);
            return new GanStepResult(dLoss.ItemAsDouble(), gLoss.ItemAsDouble(), correct / (2.0 * n));
        }
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over <paramref name="data"/> (its inputs are the real examples; labels
    /// are ignored), yielding each epoch's mean losses and accuracy as it ends.
    /// </summary>
    /// <param name="data">The real examples.</param>
    /// <param name="epochs">Passes over them.</param>
    /// <param name="batchSize">Real examples per step (a last smaller batch is dropped, so that every step is alike).</param>
    /// <param name="shuffle">Shuffles the examples each epoch.</param>
    public IEnumerable<GanStepResult> Train(IDataset data, int epochs, int batchSize, Generator shuffle)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shuffle);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (data.Count < batchSize)
        {
            throw new ArgumentException($"gan: {data.Count} examples make no batch of {batchSize}", nameof(data));
        }

        return Epochs();

        IEnumerable<GanStepResult> Epochs()
        {
            var loader = new DataLoader(data, batchSize, shuffle: true, generator: shuffle, dropLast: true);
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                double d = 0, g = 0, accuracy = 0;
                var steps = 0;
                foreach (var batch in loader)
                {
                    var step = Step(batch.Inputs);
                    (d, g, accuracy, steps) = (d + step.DiscriminatorLoss, g + step.GeneratorLoss, accuracy + step.DiscriminatorAccuracy, steps + 1);
                }

                yield return new GanStepResult(d / steps, g / steps, accuracy / steps);
            }
        }
    }

    // The optimiser's state (allocated on its first step) outlives the step, so it must not come from the step's arena.
    private static void StepOutsideTheArena(Optimizer optimizer)
    {
        using (TensorArena.Suspend())
        {
            optimizer.Step();
        }
    }

    private Tensor Logits(Tensor examples)
    {
        var logits = Discriminator.Call(examples);
        if (logits.Count != examples.Size(0))
        {
            throw new ArgumentException($"gan: the discriminator gave {logits.Shape} for {examples.Size(0)} examples of {examples.Shape}; it must give one logit per example");
        }

        return logits;
    }
}
