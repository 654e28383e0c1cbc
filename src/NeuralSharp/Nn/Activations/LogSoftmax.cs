namespace NeuralSharp.Nn;

/// <summary>Log-softmax as a layer, for a negative log-likelihood loss; see <see cref="Functional.LogSoftmax"/>.</summary>
/// <param name="dim">The dimension that sums to one (the classes); the last by default.</param>
public sealed class LogSoftmax(int dim = -1) : Module
{
    /// <summary>The dimension normalised over.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LogSoftmax(input, Dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"dim={Dim}");

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) => config.Set("dim", Dim);
}
