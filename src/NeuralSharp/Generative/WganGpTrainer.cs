using NeuralSharp.Autograd;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Generative;

/// <summary>
/// Trains a Wasserstein GAN with a gradient penalty (WGAN-GP; Gulrajani et al., 2017). The discriminator is a critic
/// that scores examples, and its score gap between real and generated examples estimates the Wasserstein-1 distance
/// between them, provided the critic is 1-Lipschitz. The penalty λ (‖∇ₓ D(x̂)‖ − 1)², taken at random points x̂ between
/// a real and a generated example, keeps it so. The critic takes <see cref="CriticSteps"/> steps for each of the
/// generator's, which minimises −D(G(z)).
/// </summary>
/// <remarks>The penalty's gradient with respect to the critic's weights goes through the critic's backward pass
/// (<see cref="Gradients.Of(Tensor, Tensor, Tensor?, bool, bool, bool)"/> with createGraph), so every layer of the critic
/// must support double backward; batch normalisation in the critic is not meant for it (the paper uses none). The paper's
/// optimiser is Adam at lr 1e-4 with β₁ = 0 and β₂ = 0.9.</remarks>
/// <example>
/// <code>
/// var wgan = new WganGpTrainer(generatorNet, critic,
///     new Adam(generatorNet.Parameters(), 1e-4, beta1: 0, beta2: 0.9), new Adam(critic.Parameters(), 1e-4, beta1: 0, beta2: 0.9),
///     latentFeatures: 8, noise: new Generator(1));
/// foreach (var batch in loader) { wgan.Step(batch.Inputs); }
/// </code>
/// </example>
public sealed class WganGpTrainer
{
    private long _steps;

    /// <summary>Sets up the two networks and their optimisers.</summary>
    /// <param name="generatorNetwork">Noise [N, latent] to examples [N, features].</param>
    /// <param name="critic">Examples to one score each, [N, 1] or [N].</param>
    /// <param name="generatorOptimizer">Steps the generator's parameters.</param>
    /// <param name="criticOptimizer">Steps the critic's parameters.</param>
    /// <param name="latentFeatures">The noise's size.</param>
    /// <param name="penaltyWeight">λ, 10 in the paper.</param>
    /// <param name="criticSteps">Critic steps per generator step, 5 in the paper.</param>
    /// <param name="noise">Draws the noise and the interpolation points (a fixed seed when null).</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive or λ is negative.</exception>
    public WganGpTrainer(Module generatorNetwork, Module critic, Optimizer generatorOptimizer, Optimizer criticOptimizer, int latentFeatures, double penaltyWeight = 10, int criticSteps = 5, Generator? noise = null)
    {
        ArgumentNullException.ThrowIfNull(generatorNetwork);
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(generatorOptimizer);
        ArgumentNullException.ThrowIfNull(criticOptimizer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(criticSteps);
        if (!(penaltyWeight >= 0) || double.IsInfinity(penaltyWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(penaltyWeight), penaltyWeight, "wgan-gp: the penalty weight must be 0 or more and finite");
        }

        GeneratorNetwork = generatorNetwork;
        Critic = critic;
        GeneratorOptimizer = generatorOptimizer;
        CriticOptimizer = criticOptimizer;
        LatentFeatures = latentFeatures;
        PenaltyWeight = penaltyWeight;
        CriticSteps = criticSteps;
        Noise = noise ?? new Generator(0);
    }

    /// <summary>The network from noise to examples.</summary>
    public Module GeneratorNetwork { get; }

    /// <summary>The network from examples to scores (higher: more real).</summary>
    public Module Critic { get; }

    /// <summary>The generator's optimiser.</summary>
    public Optimizer GeneratorOptimizer { get; }

    /// <summary>The critic's optimiser.</summary>
    public Optimizer CriticOptimizer { get; }

    /// <summary>The noise's size.</summary>
    public int LatentFeatures { get; }

    /// <summary>The penalty's weight λ.</summary>
    public double PenaltyWeight { get; }

    /// <summary>Critic steps per generator step.</summary>
    public int CriticSteps { get; }

    /// <summary>Where the noise and the interpolation points are drawn from.</summary>
    public Generator Noise { get; }

    /// <summary>
    /// The gradient penalty mean (‖∇ₓ D(x̂)‖₂ − 1)² over x̂ = ε x_real + (1 − ε) x_generated, one uniform ε per example:
    /// differentiable with respect to the critic's parameters (not to the examples, which are detached).
    /// </summary>
    /// <param name="critic">The critic D.</param>
    /// <param name="real">Real examples, [N, ...].</param>
    /// <param name="generated">Generated examples of the same shape.</param>
    /// <param name="generator">Draws ε.</param>
    /// <exception cref="ArgumentException">The shapes differ or the critic does not give one score per example.</exception>
    public static Tensor GradientPenalty(Module critic, Tensor real, Tensor generated, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(critic);
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (real.Shape != generated.Shape || real.Rank < 2)
        {
            throw new ArgumentException($"gradient penalty: real examples {real.Shape} and generated ones {generated.Shape} must have one shape, [N, features...]");
        }

        var n = real.Size(0);
        int[] perExample = [n, .. Enumerable.Repeat(1, real.Rank - 1)];
        var epsilon = Tensor.Rand(perExample, generator: generator, dtype: real.DType);
        using (GradMode.EnableGrad())
        {
            var between = ((real.Detach() * epsilon) + (generated.Detach() * (1.0 - epsilon))).Detach().RequireGrad();
            var scores = Scores(critic, between);
            var gradient = Gradients.Of(scores.Sum(), between, createGraph: true).Reshape(n, -1);
            var norm = (gradient.Square().Sum(1) + 1e-12).Sqrt();
            return (norm - 1.0).Square().Mean();
        }
    }

    /// <summary>A batch of noise, [count, latent], from <see cref="Noise"/>.</summary>
    public Tensor Latent(int count) => Tensor.Randn([count, LatentFeatures], generator: Noise, dtype: GeneratorNetwork.DType);

    /// <summary>Generated examples for the given noise, without gradients.</summary>
    public Tensor Sample(Tensor latent)
    {
        using (GradMode.NoGrad())
        {
            return GeneratorNetwork.Call(latent);
        }
    }

    /// <summary>One critic step on a batch of real examples, and a generator step after every <see cref="CriticSteps"/>-th.</summary>
    public WganStepResult Step(Tensor real)
    {
        ArgumentNullException.ThrowIfNull(real);
        var n = real.Size(0);
        Tensor generated;
        using (GradMode.NoGrad())
        {
            generated = GeneratorNetwork.Call(Latent(n));
        }

        CriticOptimizer.ZeroGrad();
        var gap = Scores(Critic, real).Mean() - Scores(Critic, generated).Mean();
        var penalty = GradientPenalty(Critic, real, generated, Noise);
        var criticLoss = (penalty * PenaltyWeight) - gap;
        criticLoss.Backward();
        CriticOptimizer.Step();

        double? generatorLoss = null;
        if (++_steps % CriticSteps == 0)
        {
            GeneratorOptimizer.ZeroGrad();
            var loss = -Scores(Critic, GeneratorNetwork.Call(Latent(n))).Mean();
            loss.Backward();
            GeneratorOptimizer.Step();
            generatorLoss = loss.ItemAsDouble();
        }

        return new WganStepResult(criticLoss.ItemAsDouble(), gap.ItemAsDouble(), penalty.ItemAsDouble(), generatorLoss);
    }

    private static Tensor Scores(Module critic, Tensor examples)
    {
        var scores = critic.Call(examples);
        if (scores.Count != examples.Size(0))
        {
            throw new ArgumentException($"wgan-gp: the critic gave {scores.Shape} for {examples.Size(0)} examples of {examples.Shape}; it must give one score per example");
        }

        return scores.Reshape(-1);
    }
}
