namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="AvgPool2d"/> layer (PyTorch's <c>nn.AvgPool2d</c> arguments); one value means the same for height and width, and is printed as one.</summary>
/// <param name="KernelSize">The window's height and width.</param>
/// <param name="Stride">The window's step; empty (PyTorch's None) means the kernel size.</param>
/// <param name="Padding">The implicit zero padding on each side, at most half the kernel (empty means 0).</param>
/// <param name="CeilMode">Whether output sizes round up, so that a partial window at the end is kept.</param>
/// <param name="CountIncludePad">Whether the zero padding counts in a window's divisor.</param>
/// <param name="DivisorOverride">A fixed divisor for every window; 0 (PyTorch's None) divides by the window's size.</param>
public sealed record AvgPool2dConfig(
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape KernelSize,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape Stride = default,
    [Setting(Min = 0, Max = 65536, MaxRank = 2)] Shape Padding = default,
    bool CeilMode = false,
    bool CountIncludePad = true,
    [Setting(Min = 0, Max = int.MaxValue)] int DivisorOverride = 0);
