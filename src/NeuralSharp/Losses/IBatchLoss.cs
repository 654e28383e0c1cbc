using NeuralSharp.Data;

namespace NeuralSharp.Losses;

/// <summary>
/// A loss that needs the whole batch, not only its targets: <see cref="Training.Trainer.Fit"/> gives it the batch's
/// inputs, targets and labels (a teacher network's loss runs the teacher on the inputs).
/// </summary>
public interface IBatchLoss : ILoss
{
    /// <summary>The loss of <paramref name="prediction"/>, the model's output for <paramref name="batch"/>'s inputs.</summary>
    Tensor Compute(Tensor prediction, Batch batch);
}
