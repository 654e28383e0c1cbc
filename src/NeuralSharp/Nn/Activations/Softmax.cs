namespace NeuralSharp.Nn;

/// <summary>Softmax as a layer, the output of a multi-class classifier; see <see cref="Functional.Softmax"/>.</summary>
/// <param name="config">The dimension normalised over.</param>
public sealed class Softmax(SoftmaxConfig config) : Module, IConfigurable<Softmax, SoftmaxConfig>
{
    /// <summary>Creates the layer; see <see cref="SoftmaxConfig"/>.</summary>
    /// <param name="dim">The dimension that sums to one (the classes); the last by default.</param>
    public Softmax(int dim = -1)
        : this(new SoftmaxConfig(dim))
    {
    }

    /// <inheritdoc/>
    public SoftmaxConfig Config { get; } = LayerConfig.Validate(config);

    /// <summary>The dimension normalised over.</summary>
    public int Dim => Config.Dim;

    /// <inheritdoc/>
    public static Softmax Create(SoftmaxConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Softmax(input, Dim);
}
