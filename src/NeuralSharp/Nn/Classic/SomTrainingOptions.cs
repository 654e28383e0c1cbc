namespace NeuralSharp.Nn;

/// <summary>How <see cref="SelfOrganisingMap.Train"/> updates the weights.</summary>
public enum SomTrainingMode
{
    /// <summary>
    /// Kohonen's batch map: once per epoch, every unit moves to the mean of the data weighted by its neighbourhood
    /// of each point's best-matching unit, W_j = Σ_i h(b_i, j) x_i / Σ_i h(b_i, j). No learning rate, no order.
    /// </summary>
    Batch,

    /// <summary>
    /// The original rule: one point at a time, in an order drawn per epoch, every unit moves towards it,
    /// W_j ← W_j + η h(b, j) (x - W_j), where b is the point's best-matching unit.
    /// </summary>
    Online,
}

/// <summary>
/// The schedule of a <see cref="SelfOrganisingMap"/>'s training. The learning rate η and the neighbourhood radius σ
/// decay geometrically over the epochs, from their initial to their final values:
/// v(e) = v_0 (v_1 / v_0)^(e / (E - 1)) for e = 0 .. E - 1. The neighbourhood is Gaussian in the grid,
/// h(b, j) = exp(-||r_b - r_j||² / (2 σ²)).
/// </summary>
/// <param name="Epochs">Passes over the data.</param>
/// <param name="Mode">Batch or online updates.</param>
/// <param name="LearningRate">η at the first epoch (online training only).</param>
/// <param name="FinalLearningRate">η at the last epoch (online training only).</param>
/// <param name="Radius">σ at the first epoch, in grid units; null for half the larger side of the grid.</param>
/// <param name="FinalRadius">σ at the last epoch.</param>
public sealed record SomTrainingOptions(
    int Epochs = 20,
    SomTrainingMode Mode = SomTrainingMode.Batch,
    double LearningRate = 0.5,
    double FinalLearningRate = 0.01,
    double? Radius = null,
    double FinalRadius = 0.5)
{
    /// <summary>The learning rate at <paramref name="epoch"/> (0-based).</summary>
    public double LearningRateAt(int epoch) => Decay(LearningRate, FinalLearningRate, epoch);

    /// <summary>The neighbourhood radius at <paramref name="epoch"/> (0-based) on <paramref name="grid"/>.</summary>
    public double RadiusAt(int epoch, SomGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return Decay(Radius ?? Math.Max(FinalRadius, Math.Max(grid.Rows, grid.Columns) / 2.0), FinalRadius, epoch);
    }

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">Fewer than one epoch, a learning rate outside (0, 1], a radius that is not
    /// positive, or a final value above the initial one.</exception>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentException($"som: epochs must be at least 1, got {Epochs}");
        }

        if (!(LearningRate is > 0 and <= 1) || !(FinalLearningRate is > 0 and <= 1) || FinalLearningRate > LearningRate)
        {
            throw new ArgumentException($"som: learning rates must satisfy 0 < final <= initial <= 1, got {LearningRate} and {FinalLearningRate}");
        }

        if (!(FinalRadius > 0) || Radius is { } r && !(r >= FinalRadius))
        {
            throw new ArgumentException($"som: radii must satisfy 0 < final <= initial, got {Radius?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} and {FinalRadius}");
        }
    }

    private double Decay(double start, double end, int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(epoch, Epochs);
        return Epochs == 1 ? start : start * Math.Pow(end / start, epoch / (double)(Epochs - 1));
    }
}
