namespace NeuralSharp.Training;

/// <summary>The quantity a callback watches.</summary>
public enum Monitor
{
    /// <summary>Validation loss (lower is better); falls back to the training loss when there is no validation data.</summary>
    ValidationLoss,

    /// <summary>Validation accuracy (higher is better).</summary>
    ValidationAccuracy,

    /// <summary>Training loss (lower is better).</summary>
    TrainLoss,
}

internal static class MonitorExtensions
{
    /// <summary>The watched value, signed so that lower is always better.</summary>
    public static double? Score(this Monitor monitor, EpochRecord r) => monitor switch
    {
        Monitor.ValidationLoss => r.ValidationLoss ?? r.TrainLoss,
        Monitor.ValidationAccuracy => -r.ValidationAccuracy,
        Monitor.TrainLoss => r.TrainLoss,
        _ => null,
    };
}
