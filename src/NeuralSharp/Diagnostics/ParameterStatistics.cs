namespace NeuralSharp.Diagnostics;

/// <summary>What one parameter tensor, its gradients and its updates looked like over an epoch.</summary>
/// <param name="Name">The parameter's dotted name, as in the state dict.</param>
/// <param name="WeightNorm">The L2 norm of the parameter at the end of the epoch.</param>
/// <param name="GradientNorm">The L2 norm of its gradient, averaged over the epoch's steps.</param>
/// <param name="UpdateRatio">
/// The norm of each step's change divided by the norm of the parameter before it, averaged over the steps: around 1e-3 is
/// healthy; far below, the layer barely learns; far above, the learning rate is too large for it.
/// </param>
/// <param name="Weights">The histogram of the parameter's values at the end of the epoch.</param>
/// <param name="Gradients">The histogram of its gradient at the epoch's last step; null when it had none.</param>
public sealed record ParameterStatistics(
    string Name,
    double WeightNorm,
    double GradientNorm,
    double UpdateRatio,
    Histogram Weights,
    Histogram? Gradients)
{
    /// <summary>The histogram of the change the epoch's last step made to the parameter; null when no step was taken.</summary>
    public Histogram? Updates { get; init; }
}
