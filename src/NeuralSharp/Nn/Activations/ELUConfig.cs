namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="ELU"/> layer.</summary>
/// <param name="Alpha">The scale of the negative part: very negative inputs approach -alpha.</param>
public sealed record ELUConfig(double Alpha = 1.0);
