namespace NeuralSharp.Generative;

/// <summary>What one step of <see cref="GanTrainer"/> (or the mean over an epoch's steps) measured.</summary>
/// <param name="DiscriminatorLoss">The discriminator's loss: binary cross-entropy on the real batch (against 1, or 1 − the
/// label smoothing) plus that on the generated batch (against 0), before its step.</param>
/// <param name="GeneratorLoss">The generator's non-saturating loss, −log D(G(z)) averaged over the batch, before its step.</param>
/// <param name="DiscriminatorAccuracy">The share of real and generated examples the discriminator told apart (logit above 0
/// for real, below for generated), over both batches; one half when it cannot tell them apart.</param>
public sealed record GanStepResult(double DiscriminatorLoss, double GeneratorLoss, double DiscriminatorAccuracy);
