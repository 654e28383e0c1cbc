namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="ConvTranspose2d"/> layer (PyTorch's <c>nn.ConvTranspose2d</c> arguments, in its order).</summary>
/// <param name="InChannels">The channels C of the input [N, C, H, W].</param>
/// <param name="OutChannels">The channels of the output.</param>
/// <param name="KernelSize">The kernel's height and width (one value for a square kernel).</param>
/// <param name="Stride">The step between the kernel's placements in the output (empty means 1).</param>
/// <param name="Padding">Rows and columns removed from each side of the full output (empty means 0).</param>
/// <param name="OutputPadding">Rows and columns added at the bottom and right, less than the stride (empty means 0).</param>
/// <param name="Groups">Input and output channels split into this many independent groups.</param>
/// <param name="Bias">Whether the layer adds a learned bias per output channel.</param>
/// <param name="Dilation">The spacing of the kernel's taps (empty means 1).</param>
public sealed record ConvTranspose2dConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InChannels,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int OutChannels,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape KernelSize,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape Stride = default,
    [Setting(Min = 0, Max = 65536, MaxRank = 2)] Shape Padding = default,
    [Setting(Min = 0, Max = 65536, MaxRank = 2)] Shape OutputPadding = default,
    [Setting(Min = 1, Max = int.MaxValue)] int Groups = 1,
    bool Bias = true,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape Dilation = default);
