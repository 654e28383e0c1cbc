using NeuralSharp.Data;
using NeuralSharp.Generative;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Generative;

/// <summary>
/// The GAN trainer (issue 14) on a small synthetic task: a mixture of four Gaussians in 2-D. The generated samples' mean
/// and covariance approach the data's, the discriminator ends near chance, and the same seed trains the same networks.
/// </summary>
public class GanTrainerTests
{
    private static Tensor Mixture(int n, int seed)
    {
        var g = new Generator(seed);
        (double X, double Y)[] centres = [(2, 1), (-2, 1), (2, -1), (-2, -1)];
        var values = new float[2 * n];
        for (var i = 0; i < n; i++)
        {
            var (cx, cy) = centres[g.NextInt(4)];
            values[2 * i] = (float)(cx + (0.3 * g.NextNormal()));
            values[(2 * i) + 1] = (float)(cy + (0.3 * g.NextNormal()));
        }

        return Tensor.FromArray(values, n, 2);
    }

    private static (double[] Mean, double[] Covariance) Moments(Tensor samples)
    {
        var v = samples.ToDoubleArray();
        var n = v.Length / 2;
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            (mx, my) = (mx + (v[2 * i] / n), my + (v[(2 * i) + 1] / n));
        }

        double xx = 0, xy = 0, yy = 0;
        for (var i = 0; i < n; i++)
        {
            var (dx, dy) = (v[2 * i] - mx, v[(2 * i) + 1] - my);
            (xx, xy, yy) = (xx + (dx * dx / n), xy + (dx * dy / n), yy + (dy * dy / n));
        }

        return ([mx, my], [xx, xy, yy]);
    }

    /// <summary>How far two sets' moments are apart: the mean's distance plus the covariance's (Frobenius, off-diagonal twice).</summary>
    private static double Distance((double[] Mean, double[] Covariance) a, (double[] Mean, double[] Covariance) b)
    {
        var mean = Math.Sqrt(a.Mean.Zip(b.Mean).Sum(p => (p.First - p.Second) * (p.First - p.Second)));
        var (dxx, dxy, dyy) = (a.Covariance[0] - b.Covariance[0], a.Covariance[1] - b.Covariance[1], a.Covariance[2] - b.Covariance[2]);
        return mean + Math.Sqrt((dxx * dxx) + (2 * dxy * dxy) + (dyy * dyy));
    }

    private static (GanTrainer Gan, List<GanStepResult> Epochs, double Before, double After) Train(int seed, double labelSmoothing = 0)
    {
        var data = Mixture(2048, seed);
        var g = new Generator(seed);
        var generator = new Sequential(new Linear(4, 32, generator: g), new LeakyReLU(0.2), new Linear(32, 32, generator: g), new LeakyReLU(0.2), new Linear(32, 2, generator: g));
        var discriminator = new Sequential(new Linear(2, 32, generator: g), new LeakyReLU(0.2), new Linear(32, 32, generator: g), new LeakyReLU(0.2), new Linear(32, 1, generator: g));
        var gan = new GanTrainer(generator, discriminator,
            new Adam(generator.Parameters(), 2e-3, beta1: 0.5), new Adam(discriminator.Parameters(), 2e-3, beta1: 0.5),
            latentFeatures: 4, labelSmoothing: labelSmoothing, noise: new Generator(seed + 1));
        var target = Moments(data);
        var fixedNoise = Tensor.Randn([2048, 4], generator: new Generator(seed + 2));
        var before = Distance(Moments(gan.Sample(fixedNoise)), target);
        var epochs = gan.Train(new TensorDataset(data, data), epochs: 30, batchSize: 64, shuffle: new Generator(seed + 3)).ToList();
        var after = Distance(Moments(gan.Sample(fixedNoise)), target);
        return (gan, epochs, before, after);
    }

    [Fact]
    public void GeneratedMomentsApproachTheDatasAndTheDiscriminatorEndsNearChance()
    {
        var (_, epochs, before, after) = Train(seed: 1);
        Assert.True(after < 0.5 && after < before / 8, $"moment distance {before} before training, {after} after");
        var lastAccuracy = epochs.TakeLast(5).Average(e => e.DiscriminatorAccuracy);
        Assert.True(lastAccuracy is > 0.4 and < 0.6, $"discriminator accuracy over the last 5 epochs {lastAccuracy}");
    }

    [Fact]
    public void SameSeedTrainsTheSameNetworks()
    {
        var (first, firstEpochs, _, _) = Train(seed: 3, labelSmoothing: 0.1);
        var (second, secondEpochs, _, _) = Train(seed: 3, labelSmoothing: 0.1);
        Assert.Equal(firstEpochs, secondEpochs);
        Assert.Equal(first.GeneratorNetwork.StateDict()["4.weight"].ToDoubleArray(), second.GeneratorNetwork.StateDict()["4.weight"].ToDoubleArray());
    }

    [Fact]
    public void LabelSmoothingLowersTheRealTargetOnly()
    {
        // A discriminator that answers 0 for everything: the real half's loss is log 2 whatever the target, the generated half's log 2.
        var g = new Generator(1);
        var generator = new Linear(2, 2, generator: g);
        var discriminator = new Sequential(new Linear(2, 1, generator: g));
        Init.Constant(discriminator.StateDict()["0.weight"], 0);
        Init.Constant(discriminator.StateDict()["0.bias"], 3);
        var smoothed = new GanTrainer(generator, discriminator, new SGD(generator.Parameters(), 0), new SGD(discriminator.Parameters(), 0), 2, labelSmoothing: 0.2);
        var step = smoothed.Step(Tensor.Zeros([4, 2]));

        // Logit 3 everywhere: real loss = softplus(3) - 0.8 * 3, generated loss = softplus(3), generator's = softplus(3) - 3.
        var softplus3 = Math.Log(1 + Math.Exp(3));
        Assert.Equal(softplus3 - 2.4 + softplus3, step.DiscriminatorLoss, 5);
        Assert.Equal(softplus3 - 3, step.GeneratorLoss, 5);
        Assert.Equal(0.5, step.DiscriminatorAccuracy);
    }

    [Fact]
    public void BadSettingsAreRefusedByName()
    {
        var g = new Generator(1);
        var generator = new Linear(2, 2, generator: g);
        var twoLogits = new Linear(2, 2, generator: g);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GanTrainer(generator, twoLogits, new SGD(generator.Parameters(), 0.1), new SGD(twoLogits.Parameters(), 0.1), 2, labelSmoothing: 1));
        var gan = new GanTrainer(generator, twoLogits, new SGD(generator.Parameters(), 0.1), new SGD(twoLogits.Parameters(), 0.1), 2);
        Assert.Contains("one logit per example", Assert.Throws<ArgumentException>(() => gan.Step(Tensor.Zeros([3, 2]))).Message);
    }
}
