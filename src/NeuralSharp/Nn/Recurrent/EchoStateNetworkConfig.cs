namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="EchoStateNetwork"/>.</summary>
/// <param name="InputSize">The number of input features per time step (the width of u(t)).</param>
/// <param name="ReservoirSize">The number of reservoir units (the width of the state x(t)).</param>
/// <param name="OutputSize">The number of outputs per time step (the width of y(t)).</param>
/// <param name="SpectralRadius">The largest absolute eigenvalue the recurrent weights are rescaled to; below 1 the reservoir forgets its initial state (the echo state property, in practice).</param>
/// <param name="Density">The share of non-zero recurrent weights (sparse connectivity).</param>
/// <param name="InputScaling">The input weights and biases are uniform in [-InputScaling, InputScaling].</param>
/// <param name="LeakRate">a in x(t) = (1 - a) x(t-1) + a tanh(W_in u(t) + b_in + W x(t-1)); 1 is no leak.</param>
/// <param name="Washout">The first steps of each sequence, left out when the readout is fitted (the reservoir is still forgetting its zero start).</param>
/// <param name="BatchFirst">Whether inputs and outputs are [N, T, features] instead of [T, N, features].</param>
public sealed record EchoStateNetworkConfig(
    [Setting(Min = 1, Max = 1_000_000, Positional = true)] int InputSize,
    [Setting(Min = 1, Max = 1_000_000, Positional = true)] int ReservoirSize,
    [Setting(Min = 1, Max = 1_000_000, Positional = true)] int OutputSize,
    [Setting(Min = 0, Max = 1e6)] double SpectralRadius = 0.9,
    [Setting(Min = 1e-9, Max = 1)] double Density = 0.1,
    [Setting(Min = 0, Max = 1e6)] double InputScaling = 1,
    [Setting(Min = 1e-9, Max = 1)] double LeakRate = 1,
    [Setting(Min = 0, Max = int.MaxValue)] int Washout = 0,
    bool BatchFirst = false);
