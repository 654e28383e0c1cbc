namespace NeuralSharp.Nn;

/// <summary>
/// A Maxout layer: each of the <c>out</c> units computes k affine functions of the input and outputs the
/// largest, max(w_1.x + b_1, ..., w_k.x + b_k). It has k times the parameters of a <see cref="Linear"/>
/// layer of the same size and learns its own piecewise-linear activation (ReLU and leaky ReLU are special cases).
/// </summary>
/// <remarks>The weight has shape [out k, in]: rows j k .. j k + k - 1 are the pieces of unit j. Initialised like Linear.</remarks>
public sealed class Maxout : Module
{
    /// <summary>Creates the layer, initialising it from <paramref name="generator"/> (or <see cref="Generator.Default"/>).</summary>
    public Maxout(int inFeatures, int outFeatures, int k, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        K = k;
        var g = generator ?? Generator.Default;
        var bound = inFeatures > 0 ? 1 / Math.Sqrt(inFeatures) : 0;
        Init.Uniform(CreateParameter("weight", [checked(outFeatures * k), inFeatures]), g, -bound, bound);
        Init.Uniform(CreateParameter("bias", [outFeatures * k]), g, -bound, bound);
    }

    /// <summary>The number of inputs.</summary>
    public int InFeatures { get; }

    /// <summary>The number of output units.</summary>
    public int OutFeatures { get; }

    /// <summary>The number of affine pieces per unit.</summary>
    public int K { get; }

    /// <summary>The weights of all pieces, shape [out k, in].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <summary>The biases of all pieces, shape [out k].</summary>
    public Tensor Bias => GetParameter("bias");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Maxout(input.MatMul(Weight.T) + Bias, K);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in={InFeatures}, out={OutFeatures}, k={K}";

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) =>
        config.Set("in_features", InFeatures).Set("out_features", OutFeatures).Set("k", K);
}
