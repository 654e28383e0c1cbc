namespace NeuralSharp.Backends;

/// <summary>
/// Where a convolution window goes over one image of <see cref="Channels"/> x <see cref="Height"/> x
/// <see cref="Width"/>: a kernel of KernelHeight x KernelWidth, moved by the strides, over the image
/// zero-padded on each side, its taps spread by the dilations. One-dimensional convolutions are the
/// case Height = KernelHeight = 1.
/// </summary>
/// <remarks>Output size per dimension, as in PyTorch: floor((size + padding before + padding after -
/// dilation (kernel - 1) - 1) / stride) + 1.</remarks>
internal readonly record struct ConvGeometry(
    int Channels, int Height, int Width, int KernelHeight, int KernelWidth,
    int StrideHeight = 1, int StrideWidth = 1,
    int PadTop = 0, int PadBottom = 0, int PadLeft = 0, int PadRight = 0,
    int DilationHeight = 1, int DilationWidth = 1)
{
    /// <summary>The number of window positions down the image.</summary>
    public int OutHeight => OutSize(Height, PadTop + PadBottom, KernelHeight, StrideHeight, DilationHeight);

    /// <summary>The number of window positions across the image.</summary>
    public int OutWidth => OutSize(Width, PadLeft + PadRight, KernelWidth, StrideWidth, DilationWidth);

    /// <summary>The rows of the column matrix: one per kernel tap and channel, C kh kw.</summary>
    public int PatchSize => Channels * KernelHeight * KernelWidth;

    private static int OutSize(int size, int padding, int kernel, int stride, int dilation) =>
        ((size + padding - (dilation * (kernel - 1)) - 1) / stride) + 1;
}
