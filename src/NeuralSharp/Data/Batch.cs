namespace NeuralSharp.Data;

/// <summary>A mini-batch: inputs, and either target tensors (regression, one-hot) or integer class labels.</summary>
/// <param name="Inputs">The examples, first dimension the batch.</param>
/// <param name="Targets">Target values with the batch as first dimension, when the data set has them.</param>
/// <param name="Labels">Integer class labels, one per example, when the data set has them.</param>
public sealed record Batch(Tensor Inputs, Tensor? Targets, int[]? Labels)
{
    /// <summary>The number of examples in the batch.</summary>
    public int Count => Inputs.Shape[0];
}
