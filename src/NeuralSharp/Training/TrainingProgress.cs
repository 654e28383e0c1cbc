namespace NeuralSharp.Training;

/// <summary>A progress report sent after every training batch (render it as a progress bar).</summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">The number of epochs planned.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The mean loss so far in this epoch.</param>
/// <param name="Accuracy">The accuracy so far in this epoch, when labelled.</param>
/// <param name="ExamplesPerSecond">Training throughput so far in this epoch.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double? Accuracy, double ExamplesPerSecond);
