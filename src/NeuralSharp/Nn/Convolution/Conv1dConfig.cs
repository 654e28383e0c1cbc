namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="Conv1d"/> layer (PyTorch's <c>nn.Conv1d</c> arguments).</summary>
/// <param name="InChannels">The channels C of the input [N, C, L].</param>
/// <param name="OutChannels">The channels (kernels) of the output.</param>
/// <param name="KernelSize">The kernel's length.</param>
/// <param name="Stride">The window's step.</param>
/// <param name="Padding">Zeros added on each side; ignored when <paramref name="PaddingPreset"/> is set.</param>
/// <param name="Dilation">The spacing of the kernel's taps.</param>
/// <param name="Groups">Input and output channels split into this many independent groups.</param>
/// <param name="Bias">Whether the layer adds a learned bias per output channel.</param>
/// <param name="PaddingPreset">"same" (output as long as the input, stride 1 only; for an even kernel the extra zero goes on the right), "valid" (no padding), or "" for <paramref name="Padding"/>.</param>
public sealed record Conv1dConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InChannels,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int OutChannels,
    [Setting(Min = 1, Max = 65536)] int KernelSize,
    [Setting(Min = 1, Max = 65536)] int Stride = 1,
    [Setting(Min = 0, Max = 65536)] int Padding = 0,
    [Setting(Min = 1, Max = 65536)] int Dilation = 1,
    [Setting(Min = 1, Max = int.MaxValue)] int Groups = 1,
    bool Bias = true,
    string PaddingPreset = "");
