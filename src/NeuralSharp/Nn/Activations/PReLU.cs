namespace NeuralSharp.Nn;

/// <summary>
/// Parametric ReLU (PyTorch's <c>nn.PReLU</c>): x for x &gt; 0, a x otherwise, where the slope a is learned:
/// one for the layer, or one per channel (dimension 1 of the input). See <see cref="Functional.Prelu"/>.
/// </summary>
public sealed class PReLU : Module
{
    /// <summary>Creates the layer with every slope set to <paramref name="init"/>.</summary>
    /// <param name="numParameters">1 for a shared slope, or the number of channels.</param>
    /// <param name="init">The initial slope.</param>
    public PReLU(int numParameters = 1, double init = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numParameters, 1);
        Init.Constant(CreateParameter("weight", [numParameters]), init);
    }

    /// <summary>The learned slopes, shape [numParameters].</summary>
    public Tensor Weight => GetParameter("weight");

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Prelu(input, Weight);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"num_parameters={Weight.Count}";

    /// <inheritdoc/>
    protected internal override void WriteConfig(ModuleConfig config) => config.Set("num_parameters", Weight.Count);
}
