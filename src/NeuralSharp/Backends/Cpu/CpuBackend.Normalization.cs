using NeuralSharp.Kernels;

namespace NeuralSharp.Backends.Cpu;

// The fused batch-normalisation kernels, dispatched on the element type once.
internal sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void BatchNormForward(Tensor x, Tensor? weight, Tensor? bias, double eps, Tensor mean, Tensor variance, Tensor invStd, Tensor y)
    {
        var (xd, wd, bd) = (x.Dense(), weight?.Dense(), bias?.Dense());
        var (n, c, l) = Layout(x);
        if (y.Buffer is float[] yf)
        {
            BatchNormKernels.Forward(n, c, l, (float[])xd.Buffer, xd.Offset, (float[]?)wd?.Buffer, wd?.Offset ?? 0, (float[]?)bd?.Buffer, bd?.Offset ?? 0, eps, new BatchNormKernels.Stats<float>((float[])mean.Buffer, mean.Offset, (float[])variance.Buffer, variance.Offset, (float[])invStd.Buffer, invStd.Offset), yf, y.Offset);
        }
        else
        {
            BatchNormKernels.Forward(n, c, l, (double[])xd.Buffer, xd.Offset, (double[]?)wd?.Buffer, wd?.Offset ?? 0, (double[]?)bd?.Buffer, bd?.Offset ?? 0, eps, new BatchNormKernels.Stats<double>((double[])mean.Buffer, mean.Offset, (double[])variance.Buffer, variance.Offset, (double[])invStd.Buffer, invStd.Offset), (double[])y.Buffer, y.Offset);
        }
    }

    /// <inheritdoc/>
    public void BatchNormBackward(Tensor dy, Tensor x, Tensor? weight, Tensor mean, Tensor invStd, Tensor? dx, Tensor? dWeight, Tensor? dBias)
    {
        // The backward pass needs no variance: its slot in the statistics repeats the mean.
        var (g, xd, wd) = (dy.Dense(), x.Dense(), weight?.Dense());
        var (n, c, l) = Layout(x);
        if (x.Buffer is float[])
        {
            BatchNormKernels.Backward(n, c, l, (float[])g.Buffer, g.Offset, (float[])xd.Buffer, xd.Offset, (float[]?)wd?.Buffer, wd?.Offset ?? 0, new BatchNormKernels.Stats<float>((float[])mean.Buffer, mean.Offset, (float[])mean.Buffer, mean.Offset, (float[])invStd.Buffer, invStd.Offset), (float[]?)dx?.Buffer, dx?.Offset ?? 0, (float[]?)dWeight?.Buffer, dWeight?.Offset ?? 0, (float[]?)dBias?.Buffer, dBias?.Offset ?? 0);
        }
        else
        {
            BatchNormKernels.Backward(n, c, l, (double[])g.Buffer, g.Offset, (double[])xd.Buffer, xd.Offset, (double[]?)wd?.Buffer, wd?.Offset ?? 0, new BatchNormKernels.Stats<double>((double[])mean.Buffer, mean.Offset, (double[])mean.Buffer, mean.Offset, (double[])invStd.Buffer, invStd.Offset), (double[]?)dx?.Buffer, dx?.Offset ?? 0, (double[]?)dWeight?.Buffer, dWeight?.Offset ?? 0, (double[]?)dBias?.Buffer, dBias?.Offset ?? 0);
        }
    }

    /// <summary>x [N, C, ...] as [N, C, L]: L the product of the dimensions after the channels.</summary>
    private static (int Batch, int Channels, int Length) Layout(Tensor x) => (x.Dims[0], x.Dims[1], x.Count / Math.Max(1, x.Dims[0] * x.Dims[1]));
}
