using NeuralSharp.Nn;

namespace NeuralSharp.Training;

/// <summary>
/// Stops training when the monitored quantity has not improved by at least <see cref="MinDelta"/> for
/// <see cref="Patience"/> epochs, and optionally restores the best weights seen (the remedy for
/// overfitting when validation error starts to rise).
/// </summary>
public sealed class EarlyStopping(Monitor monitor = Monitor.ValidationLoss, int patience = 3, double minDelta = 0, bool restoreBestWeights = true) : ICallback
{
    private double _best = double.PositiveInfinity;
    private int _bad;
    private Dictionary<string, Tensor>? _bestWeights;

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; } = patience >= 0 ? patience : throw new ArgumentOutOfRangeException(nameof(patience));

    /// <summary>The smallest change that counts as an improvement.</summary>
    public double MinDelta { get; } = minDelta;

    /// <summary>The epoch with the best monitored value so far.</summary>
    public int BestEpoch { get; private set; }

    /// <inheritdoc />
    public string? OnEpochEnd(Module model, EpochRecord record)
    {
        if (monitor.Score(record) is not { } score)
        {
            return null;
        }

        if (score < _best - MinDelta)
        {
            _best = score;
            _bad = 0;
            BestEpoch = record.Epoch;
            if (restoreBestWeights)
            {
                _bestWeights = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
            }

            return null;
        }

        return ++_bad > Patience ? $"early stopping: {monitor} did not improve for {Patience} epochs (best at epoch {BestEpoch})" : null;
    }

    /// <inheritdoc />
    public void OnTrainEnd(Module model)
    {
        if (_bestWeights is not null)
        {
            model.LoadStateDict(_bestWeights);
        }
    }
}
