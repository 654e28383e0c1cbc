namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="Softmax"/> layer.</summary>
/// <param name="Dim">The dimension that sums to one (the classes); the last by default.</param>
public sealed record SoftmaxConfig([Setting(Min = -64, Max = 64)] int Dim = -1);
