namespace NeuralSharp.Nn;

/// <summary>Shared checks for the pooling layers.</summary>
internal static class PoolSupport
{
    /// <summary>Checks that the input has one or no batch dimension before the channels and <paramref name="spatial"/> dimensions.</summary>
    public static void CheckInput(string layer, Tensor input, int spatial)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != spatial + 1 && input.Rank != spatial + 2)
        {
            var dims = spatial == 1 ? "L" : "H, W";
            throw new ArgumentException($"{layer}: expected input [N, C, {dims}] or [C, {dims}], got {input.Shape}");
        }
    }

    /// <summary>A 2-D pooling layer's kernel size: required, one or two values, kept as given.</summary>
    public static Shape Kernel(string layer, Shape kernel) =>
        kernel.Rank == 0 ? throw new ArgumentException($"{layer}: kernel_size is required") : ConvSupport.OrDefault(layer, "kernel_size", kernel, 2, kernel);

    /// <summary>PyTorch's rule: padding at most half the kernel.</summary>
    public static void CheckPadding(string layer, Shape kernel, Shape padding)
    {
        var (k, p) = (ConvSupport.Pair(kernel), ConvSupport.Pair(padding));
        if (p.Height > k.Height / 2 || p.Width > k.Width / 2)
        {
            throw new ArgumentException($"{layer}: padding {ConvSupport.IntOrTuple(padding)} should be at most half of the kernel size {ConvSupport.IntOrTuple(kernel)}");
        }
    }
}
