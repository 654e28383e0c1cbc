namespace NeuralSharp.Optim.Schedulers;

/// <summary>Multiplies the rate by <see cref="Gamma"/> every <see cref="StepSize"/> epochs: lr = base · γ^⌊epoch / stepSize⌋.</summary>
public sealed class StepLR : LRScheduler
{
    /// <summary>Creates the schedule (PyTorch's default gamma is 0.1).</summary>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        Optimizer.CheckNonNegative(gamma, "gamma");
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Epochs between decays.</summary>
    public int StepSize { get; }

    /// <summary>The factor applied at each decay.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    public override double LearningRateAt(double baseRate, int epoch) => baseRate * Math.Pow(Gamma, epoch / StepSize);
}
