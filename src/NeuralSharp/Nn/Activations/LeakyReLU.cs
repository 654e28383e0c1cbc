namespace NeuralSharp.Nn;

/// <summary>Leaky ReLU as a layer: x for x &gt; 0, alpha x otherwise; see <see cref="Functional.LeakyRelu"/>.</summary>
/// <param name="alpha">The slope for negative inputs (0.01 and 0.1 are common).</param>
public sealed class LeakyReLU(double alpha = 0.01) : Module
{
    /// <summary>The slope for negative inputs.</summary>
    public double Alpha { get; } = alpha;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, Alpha);

    /// <inheritdoc/>
    protected override string ExtraRepr() => FormattableString.Invariant($"alpha={Alpha}");

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) => config.Set("alpha", Alpha);
}
