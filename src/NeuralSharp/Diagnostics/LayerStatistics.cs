namespace NeuralSharp.Diagnostics;

/// <summary>What one layer's outputs and the gradients arriving at them looked like over an epoch's training batches.</summary>
/// <param name="Name">The layer's dotted name in the model, e.g. "2" or "body.conv1".</param>
/// <param name="Type">The layer's type name, e.g. "ReLU".</param>
/// <param name="IsActivation">True for activation functions (ReLU, sigmoid, ...), whose active fraction is the course's.</param>
/// <param name="ActivationMean">The mean of the layer's outputs.</param>
/// <param name="ActivationStd">Their (population) standard deviation.</param>
/// <param name="ActiveFraction">The fraction of outputs above zero (for ReLU-like layers: the active units).</param>
/// <param name="DeadFraction">
/// For activation layers, the fraction of units (features, or channels of an image) that passed no gradient back on any
/// training example of the epoch: dead ReLUs, which can never learn again. Null for other layers, and when no gradient
/// reached the layer's input.
/// </param>
/// <param name="GradientNorm">The L2 norm of the loss's gradient with respect to the layer's output, averaged over batches.</param>
/// <param name="Activations">The histogram of the outputs of the epoch's last batch.</param>
/// <param name="Gradients">The histogram of the gradients with respect to the outputs of the epoch's last batch; null when none flowed.</param>
public sealed record LayerStatistics(
    string Name,
    string Type,
    bool IsActivation,
    double ActivationMean,
    double ActivationStd,
    double ActiveFraction,
    double? DeadFraction,
    double GradientNorm,
    Histogram Activations,
    Histogram? Gradients);
