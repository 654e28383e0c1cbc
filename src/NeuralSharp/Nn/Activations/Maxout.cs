namespace NeuralSharp.Nn;

/// <summary>
/// A Maxout layer: each of the <c>out</c> units computes k affine functions of the input and outputs the
/// largest, max(w_1.x + b_1, ..., w_k.x + b_k). It has k times the parameters of a <see cref="Linear"/>
/// layer of the same size and learns its own piecewise-linear activation (ReLU and leaky ReLU are special cases).
/// </summary>
/// <remarks>The weight has shape [out k, in]: rows j k .. j k + k - 1 are the pieces of unit j. Initialised like Linear.</remarks>
public sealed class Maxout : Module, IConfigurable<Maxout, MaxoutConfig>
{
    /// <summary>Creates the layer, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public Maxout(MaxoutConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        var g = generator ?? Generator.Default;
        var bound = config.InFeatures > 0 ? 1 / Math.Sqrt(config.InFeatures) : 0;
        if ((long)config.OutFeatures * config.K * Math.Max(1, config.InFeatures) > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(config), $"Maxout: out_features {config.OutFeatures} x k {config.K} x in_features {config.InFeatures} weights are more than one tensor can hold ({Array.MaxLength:N0} elements)");
        }

        var rows = config.OutFeatures * config.K;
        Init.Uniform(CreateParameter("weight", [rows, config.InFeatures]), g, -bound, bound);
        Init.Uniform(CreateParameter("bias", [rows]), g, -bound, bound);
    }

    /// <summary>Creates the layer from its sizes; see <see cref="MaxoutConfig"/>.</summary>
    public Maxout(int inFeatures, int outFeatures, int k, Generator? generator = null)
        : this(new MaxoutConfig(inFeatures, outFeatures, k), generator)
    {
    }

    /// <inheritdoc/>
    public MaxoutConfig Config { get; }

    /// <summary>The number of inputs.</summary>
    public int InFeatures => Config.InFeatures;

    /// <summary>The number of output units.</summary>
    public int OutFeatures => Config.OutFeatures;

    /// <summary>The number of affine pieces per unit.</summary>
    public int K => Config.K;

    /// <summary>The weights of all pieces, shape [out k, in].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The biases of all pieces, shape [out k].</summary>
    public Tensor Bias => GetParameter("bias");

    /// <inheritdoc/>
    public static Maxout Create(MaxoutConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Maxout(input.MatMul(Weight.T) + Bias, K);
}
