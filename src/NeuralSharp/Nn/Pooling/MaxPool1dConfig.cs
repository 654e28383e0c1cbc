namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="MaxPool1d"/> layer (PyTorch's <c>nn.MaxPool1d</c> arguments).</summary>
/// <param name="KernelSize">The window's length.</param>
/// <param name="Stride">The window's step; 0 (PyTorch's None) means the kernel size.</param>
/// <param name="Padding">The implicit -infinity padding on each side, at most half the kernel.</param>
/// <param name="Dilation">The spacing of the window's elements.</param>
/// <param name="CeilMode">Whether the output length rounds up, so that a partial window at the end is kept.</param>
public sealed record MaxPool1dConfig(
    [Setting(Min = 1, Max = 65536)] int KernelSize,
    [Setting(Min = 0, Max = 65536)] int Stride = 0,
    [Setting(Min = 0, Max = 65536)] int Padding = 0,
    [Setting(Min = 1, Max = 65536)] int Dilation = 1,
    bool CeilMode = false);
