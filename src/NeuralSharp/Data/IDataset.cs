namespace NeuralSharp.Data;

/// <summary>A collection of examples that a <see cref="DataLoader"/> can draw batches from.</summary>
public interface IDataset
{
    /// <summary>The number of examples.</summary>
    int Count { get; }

    /// <summary>The examples at <paramref name="indices"/>, in that order, as one batch.</summary>
    Batch GetBatch(ReadOnlySpan<int> indices);
}
