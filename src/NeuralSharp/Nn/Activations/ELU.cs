namespace NeuralSharp.Nn;

/// <summary>ELU as a layer: x for x &gt; 0, alpha (e^x - 1) otherwise; see <see cref="Functional.Elu"/>.</summary>
/// <param name="alpha">The value approached for very negative inputs is -alpha.</param>
public sealed class ELU(double alpha = 1.0) : Module
{
    /// <summary>The scale of the negative part.</summary>
    public double Alpha { get; } = alpha;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Elu(input, Alpha);

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"alpha={Alpha}");

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) => config.Set("alpha", Alpha);
}
