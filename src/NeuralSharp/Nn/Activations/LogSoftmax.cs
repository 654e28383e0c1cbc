namespace NeuralSharp.Nn;

/// <summary>Log-softmax as a layer, for a negative log-likelihood loss; see <see cref="Functional.LogSoftmax"/>.</summary>
/// <param name="config">The dimension normalised over.</param>
public sealed class LogSoftmax(LogSoftmaxConfig config) : Module, IConfigurable<LogSoftmax, LogSoftmaxConfig>
{
    /// <summary>Creates the layer; see <see cref="LogSoftmaxConfig"/>.</summary>
    /// <param name="dim">The dimension that sums to one (the classes); the last by default.</param>
    public LogSoftmax(int dim = -1)
        : this(new LogSoftmaxConfig(dim))
    {
    }

    /// <inheritdoc/>
    public LogSoftmaxConfig Config { get; } = LayerConfig.Validate(config);

    /// <summary>The dimension normalised over.</summary>
    public int Dim => Config.Dim;

    /// <inheritdoc/>
    public static LogSoftmax Create(LogSoftmaxConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LogSoftmax(input, Dim);
}
