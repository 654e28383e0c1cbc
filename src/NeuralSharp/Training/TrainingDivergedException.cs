namespace NeuralSharp.Training;

/// <summary>
/// Thrown when a loss, gradient or parameter becomes NaN or infinite during training, naming where,
/// instead of silently training garbage (usually a learning rate that is too high).
/// </summary>
public sealed class TrainingDivergedException(string message) : Exception(message)
{
}
