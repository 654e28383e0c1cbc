using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Training;

/// <summary>Saves the model after an epoch that improves the monitored quantity (or after every epoch), atomically.</summary>
/// <remarks>Weights holding NaN or infinity are never saved: the epoch is skipped, the last good checkpoint stays, and
/// training is stopped with the name of the first non-finite tensor, since it cannot recover. The folder is created on the
/// first save.</remarks>
/// <param name="path">Where the model is written.</param>
/// <param name="monitor">The quantity whose improvement triggers a save.</param>
/// <param name="saveBestOnly">Save only when the monitored quantity improves; otherwise after every epoch.</param>
/// <param name="metadata">Extra <c>__metadata__</c> entries written with every checkpoint (beside <c>epoch</c>).</param>
public sealed class ModelCheckpoint(string path, Monitor monitor = Monitor.ValidationLoss, bool saveBestOnly = true, IReadOnlyDictionary<string, string>? metadata = null) : ICallback
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
            foreach (var (name, tensor) in model.StateDict())
            {
                if (!AnomalyDetector.AllFinite(tensor))
                {
                    return $"epoch {record.Epoch}: '{name}' holds NaN or infinity, so no checkpoint was written (the last one, of epoch {SavedEpoch}, stays); try a smaller learning rate";
                }
            }

            _best = Math.Min(_best, score);
            Dictionary<string, string> entries = metadata is null ? [] : new(metadata);
            entries["epoch"] = record.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            Model.Save(model, Path, entries);
            SavedEpoch = record.Epoch;
        }

        return null;
    }
}
