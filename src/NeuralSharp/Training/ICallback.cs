using NeuralSharp.Nn;

namespace NeuralSharp.Training;

/// <summary>Hooks into <see cref="Trainer.Fit"/> at the end of every epoch (Keras's callbacks).</summary>
public interface ICallback
{
    /// <summary>Called after each epoch with its record; return a reason to stop training, or null to go on.</summary>
    string? OnEpochEnd(Module model, EpochRecord record);

    /// <summary>Called once when training ends, however it ended.</summary>
    void OnTrainEnd(Module model)
    {
    }
}
