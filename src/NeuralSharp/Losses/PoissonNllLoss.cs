namespace NeuralSharp.Losses;

public static partial class Loss
{
    /// <summary>The default shift inside log(rate + epsilon) when the rate itself is given (PyTorch's 1e-8).</summary>
    public const double DefaultRateEpsilon = 1e-8;

    /// <summary>
    /// Poisson negative log-likelihood of counts y, dropping the constant log(y!) (PyTorch's <c>poisson_nll_loss</c>):
    /// with <paramref name="logInput"/> the input is the log-rate z and the loss is e^z - y z; otherwise the
    /// input is the rate lambda &gt;= 0 and the loss is lambda - y log(lambda + epsilon).
    /// </summary>
    /// <param name="input">The log-rate (the linear predictor of Poisson regression), or the rate.</param>
    /// <param name="target">Observed counts (non-negative), of the same shape.</param>
    /// <param name="logInput">Whether <paramref name="input"/> is the log of the rate (the default, as in PyTorch).</param>
    /// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
    /// <param name="epsilon">Added to the rate before its logarithm, when the rate is given.</param>
    public static Tensor PoissonNegativeLogLikelihood(Tensor input, Tensor target, bool logInput = true, Reduction reduction = Reduction.Mean, double epsilon = DefaultRateEpsilon)
    {
        const string name = "poisson_nll_loss";
        target = SameShapeTarget(name, input, target);
        CheckRange(name, "target", target, 0, double.PositiveInfinity);
        if (logInput)
        {
            return Reduce(input.Exp() - (target * input), reduction);
        }

        CheckRange(name, "rate", input, 0, double.PositiveInfinity);
        return Reduce(input - (target * (input + epsilon).Log()), reduction);
    }
}

/// <summary>Poisson negative log-likelihood as an object; see <see cref="Loss.PoissonNegativeLogLikelihood"/>.</summary>
/// <param name="logInput">Whether predictions are log-rates (the default) or rates.</param>
/// <param name="reduction">Mean over elements (the default), Sum, or None.</param>
/// <param name="epsilon">Added to the rate before its logarithm, when the rate is given.</param>
public sealed class PoissonNllLoss(bool logInput = true, Reduction reduction = Reduction.Mean, double epsilon = Loss.DefaultRateEpsilon) : ILoss
{
    /// <inheritdoc/>
    public Reduction Reduction => reduction;

    /// <summary>Whether predictions are log-rates.</summary>
    public bool LogInput => logInput;

    /// <inheritdoc/>
    public Tensor Compute(Tensor prediction, Tensor target) => Loss.PoissonNegativeLogLikelihood(prediction, target, logInput, reduction, epsilon);

    /// <inheritdoc/>
    public override string ToString() => $"PoissonNllLoss(logInput={logInput}, reduction={reduction})";
}
