namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="BatchNorm2d"/> layer (PyTorch's <c>nn.BatchNorm2d</c> arguments).</summary>
/// <param name="NumFeatures">The number of channels C of [N, C, H, W] inputs.</param>
/// <param name="Eps">Added to the variance before the square root, so that constant channels do not divide by zero.</param>
/// <param name="Momentum">The weight of the newest batch in the running estimates.</param>
/// <param name="Affine">Whether the layer learns a scale and shift per channel.</param>
/// <param name="TrackRunningStats">Whether running estimates are kept for evaluation mode; without them batch statistics are used in both modes.</param>
public sealed record BatchNorm2dConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int NumFeatures,
    [Setting(Min = 0, MinExclusive = true)] double Eps = 1e-5,
    [Setting(Min = 0, Max = 1)] double Momentum = 0.1,
    bool Affine = true,
    bool TrackRunningStats = true);
