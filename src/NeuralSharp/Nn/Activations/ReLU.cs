namespace NeuralSharp.Nn;

/// <summary>max(0, x) as a layer, the default hidden activation; see <see cref="Functional.Relu"/>.</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Relu(input);
}
