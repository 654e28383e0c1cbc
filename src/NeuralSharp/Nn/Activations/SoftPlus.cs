namespace NeuralSharp.Nn;

/// <summary>log(1 + e^x) as a layer; see <see cref="Functional.SoftPlus"/>.</summary>
public sealed class SoftPlus : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.SoftPlus(input);
}
