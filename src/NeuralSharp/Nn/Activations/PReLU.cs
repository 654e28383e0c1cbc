namespace NeuralSharp.Nn;

/// <summary>
/// Parametric ReLU (PyTorch's <c>nn.PReLU</c>): x for x &gt; 0, a x otherwise, where the slope a is learned:
/// one for the layer, or one per channel (dimension 1 of the input). See <see cref="Functional.Prelu"/>.
/// </summary>
public sealed class PReLU : Module, IConfigurable<PReLU, PReLUConfig>
{
    /// <summary>Creates the layer with every slope set to the config's initial slope.</summary>
    public PReLU(PReLUConfig config)
    {
        Config = LayerConfig.Validate(config);
        Nn.Init.Constant(CreateParameter("weight", [config.NumParameters]), config.Init);
    }

    /// <summary>Creates the layer with every slope set to <paramref name="init"/>.</summary>
    /// <param name="numParameters">1 for a shared slope, or the number of channels.</param>
    /// <param name="init">The initial slope.</param>
    public PReLU(int numParameters = 1, double init = 0.25)
        : this(new PReLUConfig(numParameters, init))
    {
    }

    /// <inheritdoc/>
    public PReLUConfig Config { get; }

    /// <summary>The learned slopes, shape [numParameters].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <inheritdoc/>
    public static PReLU Create(PReLUConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Prelu(input, Weight);
}
