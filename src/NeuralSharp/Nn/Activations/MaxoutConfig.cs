namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="Maxout"/> layer.</summary>
/// <param name="InFeatures">The number of inputs.</param>
/// <param name="OutFeatures">The number of output units.</param>
/// <param name="K">The number of affine pieces per unit.</param>
public sealed record MaxoutConfig(
    [Setting(Min = 0, Max = int.MaxValue)] int InFeatures,
    [Setting(Min = 0, Max = int.MaxValue)] int OutFeatures,
    [Setting(Min = 1, Max = int.MaxValue)] int K);
