namespace NeuralSharp.Generative;

/// <summary>What one step of <see cref="WganGpTrainer"/> measured, before its update.</summary>
/// <param name="CriticLoss">The critic's loss: mean D(generated) − mean D(real) + λ times the gradient penalty.</param>
/// <param name="WassersteinEstimate">mean D(real) − mean D(generated): the critic's estimate of the Wasserstein-1
/// distance between the data and the generator's distribution (up to the critic's scale), which falls as the generator learns.</param>
/// <param name="GradientPenalty">The penalty's mean (‖∇ D(x̂)‖ − 1)², before the weight λ.</param>
/// <param name="GeneratorLoss">−mean D(G(z)) when this step also stepped the generator, otherwise null.</param>
public sealed record WganStepResult(double CriticLoss, double WassersteinEstimate, double GradientPenalty, double? GeneratorLoss);
