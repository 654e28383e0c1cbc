using NeuralSharp.Autograd.Ops;
using NeuralSharp.Kernels;

namespace NeuralSharp.Nn;

/// <summary>
/// A fully connected layer: y = x W^T + b, with W of shape [out, in] (row j holds the weights into unit j,
/// the course's w^l_jk) and b of shape [out]; PyTorch's <c>nn.Linear</c>.
/// </summary>
/// <remarks>Default initialisation as in PyTorch: W and b uniform in [-1/sqrt(in), 1/sqrt(in)]
/// (kaiming_uniform with a = sqrt 5). Re-initialise with <see cref="Init"/> for another scheme.</remarks>
public sealed class Linear : Module, IConfigurable<Linear, LinearConfig>
{
    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public Linear(LinearConfig config, Generator? generator = null)
    {
        Config = LayerConfig.Validate(config);
        var g = generator ?? Generator.Default;
        var bound = config.InFeatures > 0 ? 1 / Math.Sqrt(config.InFeatures) : 0;
        Init.Uniform(CreateParameter("weight", [config.OutFeatures, config.InFeatures]), g, -bound, bound);
        if (config.Bias)
        {
            Init.Uniform(CreateParameter("bias", [config.OutFeatures]), g, -bound, bound);
        }
    }

    /// <summary>Creates the layer from its sizes; see <see cref="LinearConfig"/>.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
        : this(new LinearConfig(inFeatures, outFeatures, bias), generator)
    {
    }

    /// <inheritdoc/>
    public LinearConfig Config { get; }

    /// <summary>The number of inputs per example.</summary>
    public int InFeatures => Config.InFeatures;

    /// <summary>The number of outputs (units).</summary>
    public int OutFeatures => Config.OutFeatures;

    /// <summary>The weight matrix, shape [out, in].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The bias vector, shape [out], or null for a layer without bias.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <inheritdoc/>
    public static Linear Create(LinearConfig config) => new(config, new Generator(0));

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Tensor.Linear(input, Weight, Bias);

    /// <summary>This layer followed by a ReLU in one pass over the output, for inference: see <see cref="Sequential"/>.</summary>
    internal Tensor ForwardRelu(Tensor input) => LinearOp.Apply(input, Weight, Bias, GemmActivation.Relu);
}
