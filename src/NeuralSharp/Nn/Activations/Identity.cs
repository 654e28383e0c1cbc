namespace NeuralSharp.Nn;

/// <summary>Returns its input unchanged: the linear output activation of a regression network, or a placeholder layer.</summary>
public sealed class Identity : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input;
}
