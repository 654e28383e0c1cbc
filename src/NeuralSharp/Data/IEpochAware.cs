namespace NeuralSharp.Data;

/// <summary>
/// A data set whose examples depend on the epoch, as augmented ones do (PyTorch's
/// <c>sampler.set_epoch</c>): <see cref="DataLoader"/> calls <see cref="SetEpoch"/> at the start of every
/// pass over it, with 0 for the first.
/// </summary>
public interface IEpochAware
{
    /// <summary>Selects the epoch whose random draws the following batches use.</summary>
    void SetEpoch(int epoch);
}
