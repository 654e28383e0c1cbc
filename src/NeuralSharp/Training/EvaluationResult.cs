namespace NeuralSharp.Training;

/// <summary>The loss and (for labelled data) accuracy and predictions of a model on a data set.</summary>
/// <param name="Loss">The mean loss per example.</param>
/// <param name="Accuracy">The fraction of correct arg-max predictions, when the data has class labels.</param>
/// <param name="Predictions">The arg-max class per example, when the data has class labels.</param>
/// <param name="Labels">The true labels, in the same order.</param>
public sealed record EvaluationResult(double Loss, double? Accuracy, int[]? Predictions, int[]? Labels);
