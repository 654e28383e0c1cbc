namespace NeuralSharp.Training;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="TrainLoss">The mean training loss over the epoch's batches (weighted by batch size).</param>
/// <param name="TrainAccuracy">The training accuracy, when the data has class labels.</param>
/// <param name="ValidationLoss">The loss on the validation data, when given.</param>
/// <param name="ValidationAccuracy">The validation accuracy, when given and labelled.</param>
/// <param name="Seconds">Wall-clock seconds of the epoch's training pass (validation excluded).</param>
/// <param name="ExamplesPerSecond">Training examples processed per second.</param>
/// <param name="LearningRate">The learning rate in force at the end of the epoch.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double? TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    double Seconds,
    double ExamplesPerSecond,
    double LearningRate);
