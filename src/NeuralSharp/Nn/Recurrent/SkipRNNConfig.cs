namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="SkipRNN"/>.</summary>
/// <param name="InputSize">The number of input features per time step (the width of x(t)).</param>
/// <param name="HiddenSize">The number of hidden units (the width of h(t)).</param>
/// <param name="OutputSize">The number of outputs per time step (the width of o(t)).</param>
/// <param name="Delay">d: the state also receives h(t-d) directly, at least 2 (d = 1 is the ordinary recurrence).</param>
/// <param name="BatchFirst">Whether inputs and outputs are [N, T, features] instead of [T, N, features].</param>
public sealed record SkipRNNConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InputSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int HiddenSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int OutputSize,
    [Setting(Min = 2, Max = 1_000_000)] int Delay = 2,
    bool BatchFirst = false);
