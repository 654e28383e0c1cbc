using System.Diagnostics;
using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Training;

/// <summary>
/// The training loop for users who don't want to write it (Keras's <c>fit</c>): batching, shuffling,
/// validation, callbacks, progress reports and divergence checks. The loop it runs is the one a user
/// would write by hand: forward, loss, backward, step, zero the gradients.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> on <paramref name="train"/> and returns the per-epoch history.</summary>
    /// <remarks>A model that does not yet know its <see cref="Module.InputShape"/> takes that of the training examples.</remarks>
    public static TrainingHistory Fit(Module model, ILoss loss, Optimizer optimizer, IDataset train, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new FitOptions();
        if (options.Epochs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"fit: epochs must be non-negative, got {options.Epochs}");
        }

        if (model.InputShape is null && train.Count > 0)
        {
            // Recorded by Model.Save, so that summary, predict and eval know what the network takes.
            model.InputShape = [.. train.GetBatch([0]).Inputs.Shape.Skip(1)];
        }

        var loader = new DataLoader(train, options.BatchSize, options.Shuffle, options.Generator ?? new Generator(0)) { ReuseBuffers = true };
        var history = new TrainingHistory();
        var startLoss = double.NaN;
        try
        {
            foreach (var callback in options.Callbacks)
            {
                callback.OnTrainBegin(model);
            }

            for (var epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var record = RunEpoch(model, loss, optimizer, loader, epoch, options, ref startLoss);
                history.Add(record);
                foreach (var callback in options.Callbacks)
                {
                    if (callback.OnEpochEnd(model, record) is { } reason)
                    {
                        history.StoppedEarly = reason;
                    }
                }

                if (history.StoppedEarly is not null)
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var callback in options.Callbacks)
            {
                callback.OnTrainEnd(model);
            }

            model.Train();
        }

        return history;
    }

    // startLoss: the run's first batch loss (NaN until known), which divergence is measured against.
    private static EpochRecord RunEpoch(Module model, ILoss loss, Optimizer optimizer, DataLoader loader, int epoch, FitOptions options, ref double startLoss)
    {
        model.Train();
        var clock = Stopwatch.StartNew();
        var arena = new TensorArena();
        var parameters = options.DetectAnomalies ? AnomalyDetector.Parameters(model) : [];
        double lossSum = 0;
        long seen = 0, correct = 0, labelled = 0;
        var batchIndex = 0;
        foreach (var batch in loader)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            batchIndex++;
            optimizer.ZeroGrad();
            double lossValue;
            using (arena.ScopeUnlessOpen())
            {
                // Everything made from here to the end of backward is recycled for the next batch.
                var output = model.Call(batch.Inputs);
                var value = ComputeLoss(loss, output, batch);
                lossValue = value.ItemAsDouble();
                if (options.DetectAnomalies)
                {
                    AnomalyDetector.CheckLoss(lossValue, epoch, batchIndex, model, batch.Inputs);
                    if (double.IsNaN(startLoss))
                    {
                        startLoss = lossValue;
                    }
                    else if (options.DivergenceFactor is { } factor)
                    {
                        AnomalyDetector.CheckGrowth(lossValue, startLoss, factor, epoch, batchIndex);
                    }
                }

                value.Backward();
                if (batch.Labels is { } labels && output.Rank == 2 && output.Shape[1] > 1)
                {
                    correct += CountCorrect(output, labels);
                    labelled += labels.Length;
                }
            }

            if (options.DetectAnomalies)
            {
                AnomalyDetector.CheckGradients(parameters, epoch, batchIndex);
            }

            if (options.ClipGradNorm is { } maxNorm)
            {
                GradientClipping.ClipGradNorm(model.Parameters(), maxNorm);
            }

            optimizer.Step();
            if (options.DetectAnomalies)
            {
                AnomalyDetector.CheckParameters(parameters, epoch, batchIndex);
            }

            lossSum += MeanPerExample(loss, lossValue, batch.Count) * batch.Count;
            seen += batch.Count;

            var seconds = clock.Elapsed.TotalSeconds;
            var progress = new TrainingProgress(epoch, options.Epochs, batchIndex, loader.BatchCount, lossSum / seen,
                labelled > 0 ? (double)correct / labelled : null, seen / Math.Max(seconds, 1e-9));
            foreach (var callback in options.Callbacks)
            {
                callback.OnBatchEnd(model, progress);
            }

            options.Progress?.Report(progress);
        }

        clock.Stop();
        EvaluationResult? validation = null;
        if (options.Validation is { } data)
        {
            validation = Evaluate(model, loss, data, options.EvaluationBatchSize);
            model.Train();
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        return new EpochRecord(epoch, seen == 0 ? 0 : lossSum / seen, labelled > 0 ? (double)correct / labelled : null,
            validation?.Loss, validation?.Accuracy, elapsed, seen / Math.Max(elapsed, 1e-9), optimizer.LearningRate);
    }

    /// <summary>The model's mean loss, and for labelled data its accuracy and predictions, in evaluation mode without gradients.</summary>
    public static EvaluationResult Evaluate(Module model, ILoss loss, IDataset data, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            using (GradMode.NoGrad())
            {
                double lossSum = 0;
                long seen = 0;
                List<int>? predictions = null;
                List<int>? truth = null;
                var arena = new TensorArena();
                foreach (var batch in new DataLoader(data, batchSize) { ReuseBuffers = true })
                {
                    // Only numbers leave the scope, so every batch's activations are recycled.
                    using (arena.ScopeUnlessOpen())
                    {
                        var output = model.Call(batch.Inputs);
                        lossSum += MeanPerExample(loss, ComputeLoss(loss, output, batch).ItemAsDouble(), batch.Count) * batch.Count;
                        seen += batch.Count;
                        if (batch.Labels is { } labels && output.Rank == 2 && output.Shape[1] > 1)
                        {
                            (predictions ??= []).AddRange(output.ArgMax(1));
                            (truth ??= []).AddRange(labels);
                        }
                    }
                }

                var accuracy = predictions is null ? (double?)null : predictions.Zip(truth!).Count(p => p.First == p.Second) / (double)Math.Max(1, predictions.Count);
                return new EvaluationResult(seen == 0 ? 0 : lossSum / seen, accuracy, predictions?.ToArray(), truth?.ToArray());
            }
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    /// <summary>The model's outputs for <paramref name="inputs"/> (first dimension: examples), in evaluation mode, in batches.</summary>
    public static Tensor Predict(Module model, Tensor inputs, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        var wasTraining = model.IsTraining;
        model.Eval();
        try
        {
            using (GradMode.NoGrad())
            {
                var parts = new List<Tensor>();
                for (var start = 0; start < inputs.Shape[0]; start += batchSize)
                {
                    parts.Add(model.Call(inputs.Narrow(0, start, Math.Min(batchSize, inputs.Shape[0] - start)).Contiguous()));
                }

                return parts.Count == 1 ? parts[0] : Tensor.Concat(parts, 0);
            }
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    /// <summary>
    /// The loss of a batch: the whole batch for an <see cref="IBatchLoss"/>; otherwise against its target tensor when it has
    /// one, or else against its class labels (losses such as cross-entropy take labels directly; others get the labels as a tensor).
    /// </summary>
    internal static Tensor ComputeLoss(ILoss loss, Tensor output, Batch batch)
    {
        if (loss is IBatchLoss batchLoss)
        {
            return batchLoss.Compute(output, batch);
        }

        if (batch.Targets is { } targets)
        {
            return loss.Compute(output, targets);
        }

        if (batch.Labels is { } labels)
        {
            return loss is ILabelLoss labelLoss
                ? labelLoss.Compute(output, labels)
                : loss.Compute(output, Tensor.FromArray(labels.Select(l => (float)l).ToArray()).To(output.DType));
        }

        throw new ArgumentException("fit: the batch has neither targets nor labels");
    }

    /// <summary>Turns a batch's reduced loss into a per-example mean so that epochs average correctly over a final partial batch.</summary>
    private static double MeanPerExample(ILoss loss, double value, int count) =>
        loss.Reduction == Reduction.Sum ? value / Math.Max(count, 1) : value;

    private static long CountCorrect(Tensor output, int[] labels)
    {
        int[] predicted;
        using (GradMode.NoGrad())
        {
            predicted = output.ArgMax(1);
        }

        long correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }

        return correct;
    }
}
