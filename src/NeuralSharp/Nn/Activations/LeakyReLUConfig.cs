namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="LeakyReLU"/> layer (PyTorch's key; files of format 1 call it <c>alpha</c>).</summary>
/// <param name="NegativeSlope">The slope for negative inputs (0.01 and 0.1 are common).</param>
public sealed record LeakyReLUConfig([Setting(Alias = "alpha")] double NegativeSlope = 0.01);
