namespace NeuralSharp.Nn;

/// <summary>
/// Layer normalisation (PyTorch's <c>nn.LayerNorm</c>): each example is normalised over its last dimensions
/// (those of <see cref="NormalizedShape"/>) to mean 0 and variance 1, then scaled and shifted element-wise.
/// Unlike <see cref="BatchNorm1d"/> it does not depend on the batch and behaves the same in training and evaluation.
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly int[] _normalizedShape;

    /// <summary>Creates the layer with weight 1 and bias 0.</summary>
    public LayerNorm(int[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Length == 0 || normalizedShape.Any(d => d < 1) || !(eps > 0))
        {
            throw new ArgumentException("layernorm: the normalised shape needs at least one positive dimension, and eps must be positive");
        }

        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        if (elementwiseAffine)
        {
            Init.Constant(CreateParameter("weight", normalizedShape), 1);
            CreateParameter("bias", normalizedShape);
        }
    }

    /// <summary>Normalises over the last dimension, of size <paramref name="normalizedSize"/>.</summary>
    public LayerNorm(int normalizedSize, double eps = 1e-5, bool elementwiseAffine = true)
        : this([normalizedSize], eps, elementwiseAffine)
    {
    }

    /// <summary>The trailing dimensions normalised over.</summary>
    public Shape NormalizedShape => new(_normalizedShape);

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>The learned element-wise scale, or null.</summary>
    public Tensor? Weight => TryGetParameter("weight");

    /// <summary>The learned element-wise shift, or null.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var k = _normalizedShape.Length;
        if (input.Rank < k || !input.Shape.Skip(input.Rank - k).SequenceEqual(_normalizedShape))
        {
            throw new ArgumentException($"layernorm: input of shape {input.Shape} does not end with {NormalizedShape}");
        }

        var dims = Enumerable.Range(input.Rank - k, k).ToArray();
        var mean = input.Mean(dims, keepDim: true);
        var centred = input - mean;
        var y = centred / (centred.Square().Mean(dims, keepDim: true) + Eps).Sqrt();
        return Weight is { } w && Bias is { } b ? (y * w) + b : y;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        FormattableString.Invariant($"{NormalizedShape}, eps={Eps}, elementwise_affine={(Weight is not null ? "true" : "false")}");

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) =>
        config.Set("normalized_shape", _normalizedShape).Set("eps", Eps).Set("elementwise_affine", Weight is not null);
}
