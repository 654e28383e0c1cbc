namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="PReLU"/> layer (PyTorch's <c>nn.PReLU</c> arguments).</summary>
/// <param name="NumParameters">1 for a shared slope, or the number of channels (dimension 1 of the input).</param>
/// <param name="Init">The initial slope (not printed, as in PyTorch: the learned slopes replace it).</param>
public sealed record PReLUConfig(
    [Setting(Min = 1, Max = int.MaxValue)] int NumParameters = 1,
    [Setting(Printed = false)] double Init = 0.25);
