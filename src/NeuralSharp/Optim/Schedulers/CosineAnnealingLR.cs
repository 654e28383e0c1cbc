namespace NeuralSharp.Optim.Schedulers;

/// <summary>
/// Anneals the rate along half a cosine from its base value to <see cref="MinLearningRate"/> over
/// <see cref="MaxEpochs"/> epochs: lr = min + (base − min)(1 + cos(π · epoch / T))/2. Past T the cosine
/// continues, rising again, as PyTorch's does (use a restart schedule to restart instead).
/// </summary>
public sealed class CosineAnnealingLR : LRScheduler
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="optimizer">The optimiser whose rates are set.</param>
    /// <param name="maxEpochs">T, the number of epochs to reach the minimum (PyTorch's <c>T_max</c>).</param>
    /// <param name="minLearningRate">The rate at epoch T (PyTorch's <c>eta_min</c>).</param>
    public CosineAnnealingLR(Optimizer optimizer, int maxEpochs, double minLearningRate = 0)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEpochs, 1);
        Optimizer.CheckNonNegative(minLearningRate, "minimum learning rate");
        MaxEpochs = maxEpochs;
        MinLearningRate = minLearningRate;
    }

    /// <summary>The number of epochs from the base rate to the minimum.</summary>
    public int MaxEpochs { get; }

    /// <summary>The rate reached after <see cref="MaxEpochs"/> epochs.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(double baseRate, int epoch) =>
        MinLearningRate + ((baseRate - MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / MaxEpochs)) / 2);
}
