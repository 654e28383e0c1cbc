namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="AvgPool1d"/> layer (PyTorch's <c>nn.AvgPool1d</c> arguments).</summary>
/// <param name="KernelSize">The window's length.</param>
/// <param name="Stride">The window's step; 0 (PyTorch's None) means the kernel size.</param>
/// <param name="Padding">The implicit zero padding on each side, at most half the kernel.</param>
/// <param name="CeilMode">Whether the output length rounds up, so that a partial window at the end is kept.</param>
/// <param name="CountIncludePad">Whether the zero padding counts in a window's divisor.</param>
public sealed record AvgPool1dConfig(
    [Setting(Min = 1, Max = 65536)] int KernelSize,
    [Setting(Min = 0, Max = 65536)] int Stride = 0,
    [Setting(Min = 0, Max = 65536)] int Padding = 0,
    bool CeilMode = false,
    bool CountIncludePad = true);
