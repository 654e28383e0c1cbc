namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="LeakyRNN"/>.</summary>
/// <param name="InputSize">The number of input features per time step (the width of x(t)).</param>
/// <param name="HiddenSize">The number of hidden units (the width of h(t)).</param>
/// <param name="OutputSize">The number of outputs per time step (the width of o(t)).</param>
/// <param name="Alpha">How much of h(t-1) each unit keeps: h(t) = alpha h(t-1) + (1 - alpha) h~(t); 0 is the plain Elman network, near 1 a long memory.</param>
/// <param name="BatchFirst">Whether inputs and outputs are [N, T, features] instead of [T, N, features].</param>
public sealed record LeakyRNNConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InputSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int HiddenSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int OutputSize,
    [Setting(Min = 0, Max = 1)] double Alpha = 0.5,
    bool BatchFirst = false);
