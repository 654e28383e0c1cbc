using NeuralSharp.Losses;

namespace NeuralSharp.Neurons;

/// <summary>
/// One member of the generalised linear models: a transfer t() that turns the linear predictor
/// z = x.w + b into a prediction, and the loss l(t(z), y) that training minimises.
/// </summary>
/// <param name="Name">What the model is called (e.g. "logistic regression").</param>
/// <param name="Transfer">t(z), the prediction made from the linear predictor (the inverse of the link).</param>
/// <param name="Loss">
/// The loss, given the linear predictor z rather than t(z): for the canonical families l(t(z), y) is
/// then computed stably from z (cross-entropy from logits, Poisson likelihood from log-rates).
/// </param>
public sealed record GlmFamily(string Name, Func<Tensor, Tensor> Transfer, ILoss Loss)
{
    /// <summary>Linear regression: t(z) = z with the quadratic loss 1/(2n) sum (y - z)^2.</summary>
    public static GlmFamily Gaussian { get; } = new("linear regression", z => z, new QuadraticLoss());

    /// <summary>Logistic regression (the binary softmax): t = sigmoid with binary cross-entropy.</summary>
    public static GlmFamily Bernoulli { get; } = new("logistic regression", z => z.Sigmoid(), new BinaryCrossEntropyWithLogitsLoss());

    /// <summary>Poisson regression: rate t(z) = e^z with the Poisson negative log-likelihood.</summary>
    public static GlmFamily Poisson { get; } = new("Poisson regression", z => z.Exp(), new PoissonNllLoss(logInput: true));

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Loss})";
}
