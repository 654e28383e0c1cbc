namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="Dropout"/> layer.</summary>
/// <param name="P">The probability of dropping an element, in [0, 1].</param>
public sealed record DropoutConfig([Setting(Min = 0, Max = 1)] double P = 0.5);
