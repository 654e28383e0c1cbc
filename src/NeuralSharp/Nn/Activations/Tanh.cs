namespace NeuralSharp.Nn;

/// <summary>The hyperbolic tangent as a layer; see <see cref="Functional.Tanh"/>.</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Tanh(input);
}
