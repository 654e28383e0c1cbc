namespace NeuralSharp.Nn;

/// <summary>
/// Inverted dropout (PyTorch's <c>nn.Dropout</c>): in training each element is zeroed with probability p and
/// the survivors are scaled by 1/(1 - p), so the expected output equals the input; in evaluation mode it is
/// the identity and every unit is used. A regulariser: units cannot rely on particular other units.
/// </summary>
public sealed class Dropout : Module, IConfigurable<Dropout, DropoutConfig>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer; the masks are drawn from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <param name="config">The drop probability.</param>
    /// <param name="generator">The source of the random masks.</param>
    public Dropout(DropoutConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        _generator = generator;
    }

    /// <summary>Creates the layer; the masks are drawn from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <param name="p">The probability of dropping an element, in [0, 1].</param>
    /// <param name="generator">The source of the random masks.</param>
    public Dropout(double p = 0.5, Generator? generator = null)
        : this(new DropoutConfig(p), generator)
    {
    }

    /// <inheritdoc/>
    public DropoutConfig Config { get; }

    /// <summary>The probability of dropping an element.</summary>
    public double P => Config.P;

    /// <inheritdoc/>
    public static Dropout Create(DropoutConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => IsTraining ? Functional.Dropout(input, P, input.Shape, _generator) : input;

    /// <inheritdoc/>
    /// <remarks>PyTorch also prints its in-place flag; this layer never overwrites its input.</remarks>
    protected override string ExtraRepr() => $"{base.ExtraRepr()}, inplace=False";
}
