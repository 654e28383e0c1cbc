namespace NeuralSharp.Generative;

/// <summary>What a <see cref="VariationalAutoencoder"/> returns for a batch: the decoder's output and the encoder's posterior.</summary>
/// <param name="ReconstructionLogits">The decoder's output for the sampled codes, [N, features]: logits, so that
/// <c>Sigmoid()</c> gives pixels in [0, 1] and <see cref="Losses.Loss.Vae"/> takes them as they are.</param>
/// <param name="Mean">The posterior's mean per example, [N, latent].</param>
/// <param name="LogVariance">The posterior's log-variance per example, [N, latent].</param>
public sealed record VaeOutput(Tensor ReconstructionLogits, Tensor Mean, Tensor LogVariance);
