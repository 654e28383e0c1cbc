namespace NeuralSharp.Optim.Schedulers;

/// <summary>
/// Changes an optimiser's learning rates as a function of the epoch (PyTorch's
/// <c>torch.optim.lr_scheduler.LRScheduler</c>). Each group's rate is computed from the rate it had
/// when the scheduler was created, so a schedule is a closed formula of the epoch.
/// </summary>
/// <example>
/// <code>
/// var scheduler = new StepLR(optimizer, stepSize: 30, gamma: 0.1);
/// for (var epoch = 0; epoch &lt; 100; epoch++)
/// {
///     TrainOneEpoch();
///     scheduler.Step();
/// }
/// </code>
/// </example>
public abstract class LRScheduler
{
    private readonly double[] _baseRates;

    /// <summary>Schedules <paramref name="optimizer"/>'s rates, starting from their current values at epoch 0.</summary>
    protected LRScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        _baseRates = [.. optimizer.ParameterGroups.Select(g => g.LearningRate)];
    }

    /// <summary>The optimiser whose rates are set.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The number of <see cref="Step"/> calls so far (PyTorch's <c>last_epoch</c>).</summary>
    public int LastEpoch { get; private set; }

    /// <summary>Each group's rate when the scheduler was created.</summary>
    public IReadOnlyList<double> BaseLearningRates => _baseRates;

    /// <summary>Advances one epoch and sets every group's learning rate for it.</summary>
    public void Step()
    {
        LastEpoch++;
        var groups = Optimizer.ParameterGroups;
        for (var g = 0; g < groups.Count; g++)
        {
            groups[g].LearningRate = LearningRateAt(_baseRates[g], LastEpoch);
        }
    }

    /// <summary>The learning rate at <paramref name="epoch"/> of a group that started at <paramref name="baseRate"/>.</summary>
    public abstract double LearningRateAt(double baseRate, int epoch);
}
