using NeuralSharp.Nn;

namespace NeuralSharp.Training;

/// <summary>Hooks into <see cref="Trainer.Fit"/>: at the start, after every batch and at the end of every epoch (Keras's callbacks).</summary>
public interface ICallback
{
    /// <summary>Called once before the first epoch (the place to register module hooks).</summary>
    void OnTrainBegin(Module model)
    {
    }

    /// <summary>Called after every batch's optimiser step, while the parameters' gradients are still those of that batch.</summary>
    void OnBatchEnd(Module model, TrainingProgress progress)
    {
    }

    /// <summary>Called after each epoch with its record; return a reason to stop training, or null to go on.</summary>
    string? OnEpochEnd(Module model, EpochRecord record);

    /// <summary>Called once when training ends, however it ended.</summary>
    void OnTrainEnd(Module model)
    {
    }
}
