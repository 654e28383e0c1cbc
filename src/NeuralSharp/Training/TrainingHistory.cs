using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NeuralSharp.Training;

/// <summary>The record of a training run, one entry per epoch (Keras's <c>History</c>).</summary>
public sealed class TrainingHistory
{
    private readonly List<EpochRecord> _epochs = [];

    /// <summary>The epochs completed, in order.</summary>
    public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Why training ended early (a callback's reason), or null when it ran all its epochs.</summary>
    public string? StoppedEarly { get; internal set; }

    /// <summary>The sum of the epochs' training times.</summary>
    public double TotalSeconds => _epochs.Sum(e => e.Seconds);

    internal void Add(EpochRecord record) => _epochs.Add(record);

    /// <summary>The history as CSV: epoch, train loss and accuracy, validation loss and accuracy, seconds, examples per second, learning rate.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds,examples_per_second,learning_rate\n");
        foreach (var e in _epochs)
        {
            sb.AppendJoin(',', [
                e.Epoch.ToString(CultureInfo.InvariantCulture), F(e.TrainLoss), F(e.TrainAccuracy), F(e.ValidationLoss),
                F(e.ValidationAccuracy), F(e.Seconds), F(e.ExamplesPerSecond), F(e.LearningRate)]).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The history as a JSON array of epoch objects.</summary>
    public string ToJson() => JsonSerializer.Serialize(_epochs, new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    });

    private static string F(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
