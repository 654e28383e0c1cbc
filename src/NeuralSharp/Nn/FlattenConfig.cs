namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="Flatten"/> layer.</summary>
/// <param name="StartDim">The first dimension merged (negative counts from the end).</param>
/// <param name="EndDim">The last dimension merged (negative counts from the end).</param>
public sealed record FlattenConfig(
    [Setting(Min = -64, Max = 64)] int StartDim = 1,
    [Setting(Min = -64, Max = 64)] int EndDim = -1);
