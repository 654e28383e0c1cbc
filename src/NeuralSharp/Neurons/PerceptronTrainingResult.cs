namespace NeuralSharp.Neurons;

/// <summary>What the perceptron learning rule achieved.</summary>
/// <param name="Converged">True when an epoch went by without a single misclassification.</param>
/// <param name="Epochs">The number of epochs run (the error-free one included).</param>
/// <param name="ErrorsPerEpoch">How many examples were misclassified (and caused an update) in each epoch.</param>
public sealed record PerceptronTrainingResult(bool Converged, int Epochs, IReadOnlyList<int> ErrorsPerEpoch)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{(Converged ? "converged" : "did not converge")} after {Epochs} epochs; errors per epoch: {string.Join(", ", ErrorsPerEpoch)}";
}
