namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="Dropout2d"/> layer.</summary>
/// <param name="P">The probability of dropping a channel, in [0, 1].</param>
public sealed record Dropout2dConfig([Setting(Min = 0, Max = 1)] double P = 0.5);
