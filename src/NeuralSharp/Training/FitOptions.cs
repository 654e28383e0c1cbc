using NeuralSharp.Data;

namespace NeuralSharp.Training;

/// <summary>How <see cref="Trainer.Fit"/> trains: every setting has a default a newcomer can keep.</summary>
public sealed record FitOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Examples per mini-batch (1: online SGD; the data set size: full-batch gradient descent).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Visit the training examples in a new random order every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The random source for shuffling: the same seed gives the same run.</summary>
    public Generator? Generator { get; init; }

    /// <summary>Data evaluated after every epoch (the validation or test set).</summary>
    public IDataset? Validation { get; init; }

    /// <summary>Callbacks run after every epoch (early stopping, checkpoints, schedules).</summary>
    public IReadOnlyList<ICallback> Callbacks { get; init; } = [];

    /// <summary>Receives a report after every batch.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Stop with a <see cref="TrainingDivergedException"/> at the first NaN or infinity in a loss, gradient or parameter.</summary>
    public bool DetectAnomalies { get; init; } = true;

    /// <summary>
    /// With <see cref="DetectAnomalies"/>, stop with a <see cref="TrainingDivergedException"/> when a batch's loss exceeds this
    /// multiple of the first batch's (a learning rate far too large can drive the loss up by many orders of magnitude without
    /// ever reaching infinity). Null turns the check off, for losses that may legitimately grow from a tiny start.
    /// </summary>
    public double? DivergenceFactor { get; init; } = 1e4;

    /// <summary>When set, gradients are rescaled so that their global L2 norm is at most this.</summary>
    public double? ClipGradNorm { get; init; }

    /// <summary>Batch size for the validation pass.</summary>
    public int EvaluationBatchSize { get; init; } = 1000;

    /// <summary>Cancels training between batches.</summary>
    public CancellationToken CancellationToken { get; init; }
}
