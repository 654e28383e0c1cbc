namespace NeuralSharp.Nn;

/// <summary>ELU as a layer: x for x &gt; 0, alpha (e^x - 1) otherwise; see <see cref="Functional.Elu"/>.</summary>
/// <param name="config">The scale of the negative part.</param>
public sealed class ELU(ELUConfig config) : Module, IConfigurable<ELU, ELUConfig>
{
    /// <summary>Creates the layer; see <see cref="ELUConfig"/>.</summary>
    /// <param name="alpha">The value approached for very negative inputs is -alpha.</param>
    public ELU(double alpha = 1.0)
        : this(new ELUConfig(alpha))
    {
    }

    /// <inheritdoc/>
    public ELUConfig Config { get; } = LayerConfig.Validate(config);

    /// <summary>The scale of the negative part.</summary>
    public double Alpha => Config.Alpha;

    /// <inheritdoc/>
    public static ELU Create(ELUConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Elu(input, Alpha);
}
