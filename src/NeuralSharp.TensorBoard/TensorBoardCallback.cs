using NeuralSharp.Autograd;
using NeuralSharp.Nn;
using NeuralSharp.Training;

namespace NeuralSharp.TensorBoard;

/// <summary>
/// A <see cref="Trainer.Fit"/> callback that logs every epoch to TensorBoard: the losses, accuracies and
/// learning rate of the <see cref="EpochRecord"/> as scalars (<c>loss/train</c>, <c>loss/validation</c>,
/// <c>accuracy/train</c>, <c>accuracy/validation</c>, <c>learning_rate</c>), and a histogram of each named
/// parameter (<c>weights/0.weight</c>, ...) and of the gradient its last step left (<c>gradients/0.weight</c>),
/// all at step = epoch. The file is flushed after every epoch, so TensorBoard shows a run as it trains.
/// </summary>
/// <remarks>A parameter or gradient holding NaN or infinity gets no histogram that epoch (TensorBoard takes finite values only); its scalars still show the divergence.</remarks>
public sealed class TensorBoardCallback : ICallback, IDisposable
{
    private readonly bool _ownsWriter;

    /// <summary>Logs into a new event file in <paramref name="logDir"/>, closed when this callback is disposed.</summary>
    /// <param name="logDir">The folder TensorBoard is pointed at.</param>
    /// <param name="histograms">Log the weight and gradient histograms (one pass over every parameter per epoch).</param>
    public TensorBoardCallback(string logDir, bool histograms = true)
        : this(new TensorBoardWriter(logDir), histograms)
    {
        _ownsWriter = true;
    }

    /// <summary>Logs through <paramref name="writer"/>, which the caller keeps and disposes.</summary>
    public TensorBoardCallback(TensorBoardWriter writer, bool histograms = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Writer = writer;
        Histograms = histograms;
    }

    /// <summary>The writer, for values of one's own (an image after training, say).</summary>
    public TensorBoardWriter Writer { get; }

    /// <summary>Whether the weight and gradient histograms are logged.</summary>
    public bool Histograms { get; }

    /// <summary>The last epoch logged, or 0: the step for anything logged after training.</summary>
    public int LastEpoch { get; private set; }

    /// <inheritdoc />
    public string? OnEpochEnd(Module model, EpochRecord record)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(record);
        long step = record.Epoch;
        Writer.AddScalar("loss/train", record.TrainLoss, step);
        if (record.ValidationLoss is { } validationLoss)
        {
            Writer.AddScalar("loss/validation", validationLoss, step);
        }

        if (record.TrainAccuracy is { } trainAccuracy)
        {
            Writer.AddScalar("accuracy/train", trainAccuracy, step);
        }

        if (record.ValidationAccuracy is { } validationAccuracy)
        {
            Writer.AddScalar("accuracy/validation", validationAccuracy, step);
        }

        Writer.AddScalar("learning_rate", record.LearningRate, step);
        Writer.AddScalar("examples_per_second", record.ExamplesPerSecond, step);
        if (Histograms)
        {
            using (GradMode.NoGrad())
            {
                foreach (var (name, parameter) in model.NamedParameters())
                {
                    AddHistogram($"weights/{name}", parameter, step);
                    if (parameter.Grad is { } grad)
                    {
                        AddHistogram($"gradients/{name}", grad, step);
                    }
                }
            }
        }

        Writer.Flush();
        LastEpoch = record.Epoch;
        return null;
    }

    /// <inheritdoc />
    public void OnTrainEnd(Module model) => Writer.Flush();

    /// <summary>Closes the event file if this callback opened it.</summary>
    public void Dispose()
    {
        if (_ownsWriter)
        {
            Writer.Dispose();
        }
    }

    private void AddHistogram(string tag, Tensor tensor, long step)
    {
        var values = tensor.ToArray();
        if (values.Length > 0 && Array.TrueForAll(values, float.IsFinite))
        {
            Writer.AddHistogram(tag, values, step);
        }
    }
}
