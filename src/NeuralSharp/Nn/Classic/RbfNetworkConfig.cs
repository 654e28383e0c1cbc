namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="RbfNetwork"/>.</summary>
/// <param name="InFeatures">The number of inputs per example (the dimension of each centre).</param>
/// <param name="Centres">The number of radial units.</param>
/// <param name="OutFeatures">The number of linear outputs.</param>
/// <param name="Kernel">The radial function: <c>gaussian</c> exp(-r²/(2s²)), <c>multiquadric</c> sqrt(r² + s²)
/// or <c>inverse_multiquadric</c> 1/sqrt(r² + s²), with r = ||x - c_j|| and s = s_j the unit's width.</param>
public sealed record RbfNetworkConfig(
    [Setting(Min = 1, Max = int.MaxValue)] int InFeatures,
    [Setting(Min = 1, Max = int.MaxValue)] int Centres,
    [Setting(Min = 1, Max = int.MaxValue)] int OutFeatures,
    string Kernel = "gaussian");
