namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>
    /// A variational autoencoder's loss, the negative evidence lower bound per example: the reconstruction's binary
    /// cross-entropy summed over features, plus β times the KL divergence of the posterior N(μ, diag(σ²)) from the prior
    /// N(0, I), which in closed form is ½ Σ (σ² + μ² − 1 − log σ²) over the latent features.
    /// </summary>
    /// <remarks>Both terms are summed over features and then reduced over examples (averaged by default), as in the
    /// PyTorch VAE example; averaging the cross-entropy over pixels instead would weigh the KL term 784 times more on
    /// MNIST. β = 1 is the bound itself; β &gt; 1 (a β-VAE) trades reconstructions for a tidier code.</remarks>
    /// <param name="reconstructionLogits">The decoder's logits, [N, features].</param>
    /// <param name="target">The inputs, in [0, 1], of the same shape.</param>
    /// <param name="mean">The posterior's means μ, [N, latent].</param>
    /// <param name="logVariance">The posterior's log-variances log σ², of the same shape.</param>
    /// <param name="beta">The KL term's weight, 0 or more.</param>
    /// <param name="reduction">Mean over examples (the default), Sum, or None (one value per example).</param>
    /// <exception cref="ArgumentException">The shapes are not [N, features] and [N, latent] with the same N, or a target is outside [0, 1].</exception>
    /// <exception cref="ArgumentOutOfRangeException">β is negative or not finite.</exception>
    public static Tensor Vae(Tensor reconstructionLogits, Tensor target, Tensor mean, Tensor logVariance, double beta = 1, Reduction reduction = Reduction.Mean)
    {
        const string name = "vae";
        ArgumentNullException.ThrowIfNull(reconstructionLogits);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logVariance);
        if (reconstructionLogits.Rank != 2)
        {
            throw new ArgumentException($"{name}: expects reconstruction logits of shape [batch, features], got {reconstructionLogits.Shape}", nameof(reconstructionLogits));
        }

        if (mean.Rank != 2 || mean.Size(0) != reconstructionLogits.Size(0) || logVariance.Shape != mean.Shape)
        {
            throw new ArgumentException($"{name}: the mean {mean.Shape} and log-variance {logVariance.Shape} must both be [batch, latent] with the reconstruction's batch of {reconstructionLogits.Size(0)}", nameof(mean));
        }

        if (!(beta >= 0) || double.IsInfinity(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), $"{name}: beta must be 0 or more and finite, got {beta}");
        }

        var reconstruction = BinaryCrossEntropyWithLogits(reconstructionLogits, target, Reduction.None).Sum(1);
        var kl = (logVariance.Exp() + (mean * mean) - 1.0 - logVariance).Sum(1) * 0.5;
        return Reduce(reconstruction + (kl * beta), reduction);
    }
}
