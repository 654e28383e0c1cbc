namespace NeuralSharp.Nn;

/// <summary>Softmax as a layer, the output of a multi-class classifier; see <see cref="Functional.Softmax"/>.</summary>
/// <param name="dim">The dimension that sums to one (the classes); the last by default.</param>
public sealed class Softmax(int dim = -1) : Module
{
    /// <summary>The dimension normalised over.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Softmax(input, Dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"dim={Dim}");

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) => config.Set("dim", Dim);
}
