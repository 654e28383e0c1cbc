namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="LogSoftmax"/> layer.</summary>
/// <param name="Dim">The dimension that sums to one (the classes); the last by default.</param>
public sealed record LogSoftmaxConfig([Setting(Min = -64, Max = 64)] int Dim = -1);
