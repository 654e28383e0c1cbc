namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="Linear"/> layer (PyTorch's <c>nn.Linear</c> arguments).</summary>
/// <param name="InFeatures">The number of inputs per example.</param>
/// <param name="OutFeatures">The number of outputs (units).</param>
/// <param name="Bias">Whether the layer adds a learned bias.</param>
public sealed record LinearConfig(
    [Setting(Min = 0, Max = int.MaxValue)] int InFeatures,
    [Setting(Min = 0, Max = int.MaxValue)] int OutFeatures,
    bool Bias = true);
