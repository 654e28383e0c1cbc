namespace NeuralSharp.Nn;

/// <summary>
/// Layer normalisation (PyTorch's <c>nn.LayerNorm</c>): each example is normalised over its last dimensions
/// (those of <see cref="NormalizedShape"/>) to mean 0 and variance 1, then scaled and shifted element-wise.
/// Unlike <see cref="BatchNorm1d"/> it does not depend on the batch and behaves the same in training and evaluation.
/// </summary>
public sealed class LayerNorm : Module, IConfigurable<LayerNorm, LayerNormConfig>
{
    /// <summary>Creates the layer with weight 1 and bias 0.</summary>
    public LayerNorm(LayerNormConfig config)
    {
        Config = LayerConfig.Validate(config);
        if (config.NormalizedShape.Rank == 0)
        {
            throw new ArgumentException("layernorm: the normalised shape needs at least one dimension", nameof(config));
        }

        if (config.ElementwiseAffine)
        {
            Init.Constant(CreateParameter("weight", config.NormalizedShape), 1);
            CreateParameter("bias", config.NormalizedShape);
        }
    }

    /// <summary>Normalises over the trailing dimensions <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
        : this(new LayerNormConfig(new Shape(normalizedShape ?? throw new ArgumentNullException(nameof(normalizedShape))), eps, elementwiseAffine))
    {
    }

    /// <summary>Normalises over the last dimension, of size <paramref name="normalizedSize"/>.</summary>
    public LayerNorm(int normalizedSize, double eps = 1e-5, bool elementwiseAffine = true)
        : this(new LayerNormConfig([normalizedSize], eps, elementwiseAffine))
    {
    }

    /// <inheritdoc/>
    public LayerNormConfig Config { get; }

    /// <summary>The trailing dimensions normalised over.</summary>
    public Shape NormalizedShape => Config.NormalizedShape;

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps => Config.Eps;

    /// <summary>The learned element-wise scale, or null.</summary>
    public Tensor? Weight => TryGetParameter("weight");

    /// <summary>The learned element-wise shift, or null.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <inheritdoc/>
    public static LayerNorm Create(LayerNormConfig config) => new(config);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var k = NormalizedShape.Rank;
        if (input.Rank < k || !input.Shape.Skip(input.Rank - k).SequenceEqual(NormalizedShape))
        {
            throw new ArgumentException($"layernorm: input of shape {input.Shape} does not end with {NormalizedShape}");
        }

        var dims = Enumerable.Range(input.Rank - k, k).ToArray();
        var mean = input.Mean(dims, keepDim: true);
        var centred = input - mean;
        var y = centred / (centred.Square().Mean(dims, keepDim: true) + Eps).Sqrt();
        return Weight is { } w && Bias is { } b ? (y * w) + b : y;
    }
}
