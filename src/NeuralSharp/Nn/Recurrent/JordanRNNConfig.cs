namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="JordanRNN"/>.</summary>
/// <param name="InputSize">The number of input features per time step (the width of x(t)).</param>
/// <param name="HiddenSize">The number of hidden units (the width of h(t)).</param>
/// <param name="OutputSize">The number of outputs per time step (the width of o(t)).</param>
/// <param name="BatchFirst">Whether inputs and outputs are [N, T, features] instead of [T, N, features].</param>
public sealed record JordanRNNConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InputSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int HiddenSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int OutputSize,
    bool BatchFirst = false);
