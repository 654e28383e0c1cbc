namespace NeuralSharp.Losses;

/// <summary>A loss that can compare predictions with integer class labels directly (no one-hot tensor needed).</summary>
public interface ILabelLoss : ILoss
{
    /// <summary>The loss of <paramref name="prediction"/> [batch, classes] against one label in [0, classes) per example.</summary>
    Tensor Compute(Tensor prediction, int[] labels);
}
