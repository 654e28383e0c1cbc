namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="LayerNorm"/> layer (PyTorch's <c>nn.LayerNorm</c> arguments).</summary>
/// <param name="NormalizedShape">The trailing dimensions normalised over (at least one).</param>
/// <param name="Eps">Added to the variance before the square root.</param>
/// <param name="ElementwiseAffine">Whether the layer learns an element-wise scale and shift.</param>
public sealed record LayerNormConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] Shape NormalizedShape,
    [Setting(Min = 0, MinExclusive = true)] double Eps = 1e-5,
    bool ElementwiseAffine = true);
