namespace NeuralSharp.Nn;

/// <summary>Leaky ReLU as a layer: x for x &gt; 0, alpha x otherwise; see <see cref="Functional.LeakyRelu"/>.</summary>
/// <param name="config">The slope for negative inputs.</param>
public sealed class LeakyReLU(LeakyReLUConfig config) : Module, IConfigurable<LeakyReLU, LeakyReLUConfig>
{
    /// <summary>Creates the layer; see <see cref="LeakyReLUConfig"/>.</summary>
    /// <param name="negativeSlope">The slope for negative inputs (0.01 and 0.1 are common).</param>
    public LeakyReLU(double negativeSlope = 0.01)
        : this(new LeakyReLUConfig(negativeSlope))
    {
    }

    /// <inheritdoc/>
    public LeakyReLUConfig Config { get; } = LayerConfig.Validate(config);

    /// <summary>The slope for negative inputs (the course's alpha).</summary>
    public double NegativeSlope => Config.NegativeSlope;

    /// <inheritdoc/>
    public static LeakyReLU Create(LeakyReLUConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);
}
