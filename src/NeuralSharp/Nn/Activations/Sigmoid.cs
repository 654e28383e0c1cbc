namespace NeuralSharp.Nn;

/// <summary>The sigmoid 1 / (1 + e^-x) as a layer; see <see cref="Functional.Sigmoid"/>.</summary>
public sealed class Sigmoid : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Sigmoid(input);
}
