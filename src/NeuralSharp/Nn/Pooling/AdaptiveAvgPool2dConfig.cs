namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="AdaptiveAvgPool2d"/> layer (PyTorch's <c>nn.AdaptiveAvgPool2d</c> argument).</summary>
/// <param name="OutputSize">The output's height and width (one value for a square output; 1 is global average pooling).</param>
public sealed record AdaptiveAvgPool2dConfig([Setting(Min = 1, Max = 65536, MaxRank = 2)] Shape OutputSize);
