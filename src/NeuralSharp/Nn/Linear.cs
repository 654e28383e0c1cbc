namespace NeuralSharp.Nn;

/// <summary>
/// A fully connected layer: y = x W^T + b, with W of shape [out, in] (row j holds the weights into unit j,
/// the course's w^l_jk) and b of shape [out]; PyTorch's <c>nn.Linear</c>.
/// </summary>
/// <remarks>Default initialisation as in PyTorch: W and b uniform in [-1/sqrt(in), 1/sqrt(in)]
/// (kaiming_uniform with a = sqrt 5). Re-initialise with <see cref="Init"/> for another scheme.</remarks>
public sealed class Linear : Module
{
    /// <summary>Creates the layer and initialises it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var g = generator ?? Generator.Default;
        var bound = inFeatures > 0 ? 1 / Math.Sqrt(inFeatures) : 0;
        Init.Uniform(CreateParameter("weight", [outFeatures, inFeatures]), g, -bound, bound);
        if (bias)
        {
            Init.Uniform(CreateParameter("bias", [outFeatures]), g, -bound, bound);
        }
    }

    /// <summary>The number of inputs per example.</summary>
    public int InFeatures { get; }

    /// <summary>The number of outputs (units).</summary>
    public int OutFeatures { get; }

    /// <summary>The weight matrix, shape [out, in].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The bias vector, shape [out], or null for a layer without bias.</summary>
    public Tensor? Bias => TryGetParameter("bias");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Tensor.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in={InFeatures}, out={OutFeatures}, bias={(Bias is not null ? "true" : "false")}";

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) =>
        config.Set("in_features", InFeatures).Set("out_features", OutFeatures).Set("bias", Bias is not null);
}
