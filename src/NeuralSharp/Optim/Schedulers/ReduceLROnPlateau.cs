namespace NeuralSharp.Optim.Schedulers;

/// <summary>Whether a lower or a higher monitored value is better.</summary>
public enum PlateauMode
{
    /// <summary>Lower is better (a loss).</summary>
    Min,

    /// <summary>Higher is better (an accuracy).</summary>
    Max,
}

/// <summary>How the improvement threshold is measured.</summary>
public enum ThresholdMode
{
    /// <summary>Relative: better than best · (1 ∓ threshold).</summary>
    Relative,

    /// <summary>Absolute: better than best ∓ threshold.</summary>
    Absolute,
}

/// <summary>
/// Cuts the learning rates by <see cref="Factor"/> when a monitored value (e.g. the validation loss)
/// has not improved for more than <see cref="Patience"/> epochs, exactly as PyTorch's
/// <c>ReduceLROnPlateau</c>; after a cut it waits <see cref="Cooldown"/> epochs before counting again.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private readonly double[] _minRates;

    /// <summary>Creates the scheduler with PyTorch's defaults.</summary>
    /// <param name="optimizer">The optimiser whose rates are cut.</param>
    /// <param name="mode">Whether lower or higher values are better.</param>
    /// <param name="factor">The factor a cut multiplies the rates by (&lt; 1).</param>
    /// <param name="patience">How many epochs without improvement are tolerated before a cut.</param>
    /// <param name="threshold">The least change that counts as an improvement.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative to the best value or absolute.</param>
    /// <param name="cooldown">Epochs to wait after a cut before counting bad epochs again.</param>
    /// <param name="minLearningRate">The floor for every group's rate.</param>
    /// <param name="eps">Cuts smaller than this are not applied.</param>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10, double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Relative, int cooldown = 0, double minLearningRate = 0, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!(factor >= 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), $"ReduceLROnPlateau: the factor must be in [0, 1), got {factor}");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        Optimizer.CheckNonNegative(minLearningRate, "minimum learning rate");
        Optimizer = optimizer;
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        Eps = eps;
        _minRates = [.. optimizer.ParameterGroups.Select(_ => minLearningRate)];
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
    }

    /// <summary>The optimiser whose rates are cut.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Whether lower or higher values are better.</summary>
    public PlateauMode Mode { get; }

    /// <summary>The factor a cut multiplies the rates by.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement tolerated before a cut.</summary>
    public int Patience { get; }

    /// <summary>The least change that counts as an improvement.</summary>
    public double Threshold { get; }

    /// <summary>How <see cref="Threshold"/> is measured.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Epochs to wait after a cut.</summary>
    public int Cooldown { get; }

    /// <summary>Cuts smaller than this are skipped.</summary>
    public double Eps { get; }

    /// <summary>The best value seen so far.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without improvement (PyTorch's <c>num_bad_epochs</c>).</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>The number of <see cref="Step"/> calls so far.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>Records this epoch's value of the monitored quantity and cuts the rates if it has stalled.</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric))
        {
            Best = metric;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            BadEpochs = 0;
        }

        if (BadEpochs > Patience)
        {
            ReduceRates();
            CooldownCounter = Cooldown;
            BadEpochs = 0;
        }
    }

    private bool IsBetter(double value) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Relative) => value < Best * (1 - Threshold),
        (PlateauMode.Min, ThresholdMode.Absolute) => value < Best - Threshold,
        (PlateauMode.Max, ThresholdMode.Relative) => value > Best * (Threshold + 1),
        _ => value > Best + Threshold,
    };

    private void ReduceRates()
    {
        var groups = Optimizer.ParameterGroups;
        for (var g = 0; g < groups.Count; g++)
        {
            var old = groups[g].LearningRate;
            var cut = Math.Max(old * Factor, _minRates[g]);
            if (old - cut > Eps)
            {
                groups[g].LearningRate = cut;
            }
        }
    }
}
