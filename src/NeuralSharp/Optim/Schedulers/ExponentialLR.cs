namespace NeuralSharp.Optim.Schedulers;

/// <summary>Multiplies the rate by <see cref="Gamma"/> every epoch: lr = base · γ^epoch.</summary>
public sealed class ExponentialLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    public ExponentialLR(Optimizer optimizer, double gamma)
        : base(optimizer)
    {
        Optimizer.CheckNonNegative(gamma, "gamma");
        Gamma = gamma;
    }

    /// <summary>The factor applied each epoch.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(double baseRate, int epoch) => baseRate * Math.Pow(Gamma, epoch);
}
