namespace NeuralSharp.Nn;

/// <summary>
/// Channel dropout (PyTorch's <c>nn.Dropout2d</c>): in training each channel of [N, C, H, W] (or [C, H, W]) is
/// zeroed as a whole with probability p, and the surviving channels are scaled by 1/(1 - p); in evaluation mode
/// it is the identity. Neighbouring pixels of a feature map are strongly correlated, so dropping single
/// elements (as <see cref="Dropout"/> does) regularises little; dropping whole maps does.
/// </summary>
public sealed class Dropout2d : Module, IConfigurable<Dropout2d, Dropout2dConfig>
{
    private readonly Generator? _generator;

    /// <summary>Creates the layer; the masks are drawn from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <param name="config">The drop probability.</param>
    /// <param name="generator">The source of the random masks.</param>
    public Dropout2d(Dropout2dConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        _generator = generator;
    }

    /// <summary>Creates the layer; the masks are drawn from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    /// <param name="p">The probability of dropping a channel, in [0, 1].</param>
    /// <param name="generator">The source of the random masks.</param>
    public Dropout2d(double p = 0.5, Generator? generator = null)
        : this(new Dropout2dConfig(p), generator)
    {
    }

    /// <inheritdoc/>
    public Dropout2dConfig Config { get; }

    /// <summary>The probability of dropping a channel.</summary>
    public double P => Config.P;

    /// <inheritdoc/>
    public static Dropout2d Create(Dropout2dConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (3 or 4))
        {
            throw new ArgumentException($"Dropout2d: expected input [N, C, H, W] or [C, H, W], got {input.Shape}");
        }

        // One draw per channel, broadcast over its positions.
        int[] maskShape = input.Rank == 4 ? [input.Size(0), input.Size(1), 1, 1] : [input.Size(0), 1, 1];
        return IsTraining ? Functional.Dropout(input, P, maskShape, _generator) : input;
    }

    /// <inheritdoc/>
    /// <remarks>PyTorch also prints its in-place flag; this layer never overwrites its input.</remarks>
    protected override string ExtraRepr() => $"{base.ExtraRepr()}, inplace=False";
}
