namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="Conv2d"/> layer (PyTorch's <c>nn.Conv2d</c> arguments).</summary>
/// <param name="InChannels">The channels C of the input [N, C, H, W].</param>
/// <param name="OutChannels">The channels (kernels) of the output.</param>
/// <param name="KernelSize">The kernel's height and width (one value for a square kernel).</param>
/// <param name="Stride">The window's step (one or two values; empty means 1).</param>
/// <param name="Padding">Zeros added on each side (one or two values; empty means 0); ignored when <paramref name="PaddingPreset"/> is set.</param>
/// <param name="Dilation">The spacing of the kernel's taps (one or two values; empty means 1).</param>
/// <param name="Groups">Input and output channels split into this many independent groups (InChannels for a depthwise convolution).</param>
/// <param name="Bias">Whether the layer adds a learned bias per output channel.</param>
/// <param name="PaddingPreset">PyTorch's string paddings: "same" (the output as large as the input, stride 1 only; for an even kernel the extra zero goes on the bottom and right), "valid" (no padding), or "" for the numbers in <paramref name="Padding"/>.</param>
public sealed record Conv2dConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InChannels,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int OutChannels,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape KernelSize,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape Stride = default,
    [Setting(Min = 0, Max = 65536, MaxRank = 2)] Shape Padding = default,
    [Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape Dilation = default,
    [Setting(Min = 1, Max = int.MaxValue)] int Groups = 1,
    bool Bias = true,
    string PaddingPreset = "");
