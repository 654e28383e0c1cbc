namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="Unflatten"/> layer (PyTorch's <c>nn.Unflatten</c> arguments).</summary>
/// <param name="Dim">The dimension split (negative counts from the end).</param>
/// <param name="UnflattenedSize">The sizes it is split into; their product must equal its size.</param>
public sealed record UnflattenConfig(
    [Setting(Min = -64, Max = 64)] int Dim,
    [Setting(Min = 1, Max = int.MaxValue)] Shape UnflattenedSize);
