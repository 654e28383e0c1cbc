namespace NeuralSharp.Nn;

/// <summary>The perceptron threshold 1{x &gt;= 0} as a layer (zero gradient); see <see cref="Functional.Step"/>.</summary>
public sealed class Step : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Step(input);
}
