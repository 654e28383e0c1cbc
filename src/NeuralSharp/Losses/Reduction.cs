namespace NeuralSharp.Losses;

/// <summary>How a loss combines the values it computes for each element or example (PyTorch's <c>reduction</c>).</summary>
public enum Reduction
{
    /// <summary>The average (the default): the loss does not grow with the batch size.</summary>
    Mean,

    /// <summary>The total.</summary>
    Sum,

    /// <summary>No reduction: one value per element (or per example, where the loss says so).</summary>
    None,
}
