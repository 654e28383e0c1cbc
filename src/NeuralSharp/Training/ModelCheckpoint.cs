using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Training;

/// <summary>Saves the model after an epoch that improves the monitored quantity (or after every epoch), atomically.</summary>
public sealed class ModelCheckpoint(string path, Monitor monitor = Monitor.ValidationLoss, bool saveBestOnly = true) : ICallback
{
    private double _best = double.PositiveInfinity;

    /// <summary>Where the model is written.</summary>
    public string Path { get; } = path;

    /// <summary>The epoch last saved, or 0.</summary>
    public int SavedEpoch { get; private set; }

    /// <inheritdoc />
    public string? OnEpochEnd(Module model, EpochRecord record)
    {
        var score = monitor.Score(record) ?? double.PositiveInfinity;
        if (!saveBestOnly || score < _best)
        {
            _best = Math.Min(_best, score);
            Model.Save(model, Path, new Dictionary<string, string> { ["epoch"] = record.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            SavedEpoch = record.Epoch;
        }

        return null;
    }
}
