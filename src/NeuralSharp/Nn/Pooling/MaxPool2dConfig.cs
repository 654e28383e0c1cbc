namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="MaxPool2d"/> layer (PyTorch's <c>nn.MaxPool2d</c> arguments); one value means the same for height and width, and is printed as one, as PyTorch prints what it was given.</summary>
/// <param name="KernelSize">The window's height and width.</param>
/// <param name="Stride">The window's step; empty (PyTorch's None) means the kernel size.</param>
/// <param name="Padding">The implicit -infinity padding on each side, at most half the kernel (empty means 0).</param>
/// <param name="Dilation">The spacing of the window's elements (empty means 1).</param>
/// <param name="CeilMode">Whether output sizes round up, so that a partial window at the end is kept.</param>
public sealed record MaxPool2dConfig(
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape KernelSize,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape Stride = default,
    [Setting(Min = 0, Max = 65536, MaxRank = 2)] Shape Padding = default,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape Dilation = default,
    bool CeilMode = false);
