using NeuralSharp.Nn;
using NeuralSharp.Optim.Schedulers;

namespace NeuralSharp.Training;

/// <summary>Advances a learning-rate schedule after every epoch of <see cref="Trainer.Fit"/>.</summary>
public sealed class LearningRateScheduling : ICallback
{
    private readonly LRScheduler? _schedule;
    private readonly ReduceLROnPlateau? _plateau;
    private readonly Monitor _monitor;

    /// <summary>Steps an epoch-based schedule (step, exponential, cosine).</summary>
    public LearningRateScheduling(LRScheduler schedule) => _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));

    /// <summary>Feeds the monitored quantity to a reduce-on-plateau schedule.</summary>
    public LearningRateScheduling(ReduceLROnPlateau plateau, Monitor monitor = Monitor.ValidationLoss)
    {
        _plateau = plateau ?? throw new ArgumentNullException(nameof(plateau));
        _monitor = monitor;
    }

    /// <inheritdoc />
    public string? OnEpochEnd(Module model, EpochRecord record)
    {
        _schedule?.Step();
        if (_plateau is not null && _monitor.Score(record) is { } score)
        {
            _plateau.Step(_monitor == Monitor.ValidationAccuracy ? -score : score);
        }

        return null;
    }
}
