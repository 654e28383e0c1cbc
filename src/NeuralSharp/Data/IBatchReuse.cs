namespace NeuralSharp.Data;

/// <summary>
/// A data set whose batches are always fresh tensors owned by the caller (never views of its own
/// storage), so that <see cref="DataLoader.ReuseBuffers"/> can hand the previous batch back to be
/// overwritten.
/// </summary>
internal interface IBatchReuse
{
    /// <summary>The examples at <paramref name="indices"/>, written into <paramref name="reuse"/>'s tensors when their shapes fit.</summary>
    Batch GetBatch(ReadOnlySpan<int> indices, Batch? reuse);
}
