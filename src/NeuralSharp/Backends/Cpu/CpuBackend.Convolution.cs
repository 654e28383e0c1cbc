using NeuralSharp.Kernels;

namespace NeuralSharp.Backends.Cpu;

// The fused convolution and max-pooling kernels, dispatched on the element type once.
internal sealed partial class CpuBackend
{
    /// <inheritdoc/>
    public void Conv2dForward(Tensor x, Tensor weight, Tensor? bias, in ConvGeometry geometry, int groups, Tensor? columns, Tensor y)
    {
        var (xd, wd, bd) = (x.Dense(), weight.Dense(), bias?.Dense());
        if (y.Buffer is float[] yf)
        {
            Conv2dKernels.Forward(x.Dims[0], (float[])xd.Buffer, xd.Offset, (float[])wd.Buffer, wd.Offset, (float[]?)bd?.Buffer, bd?.Offset ?? 0, geometry, groups, weight.Dims[0], (float[]?)columns?.Buffer, columns?.Offset ?? 0, yf, y.Offset);
        }
        else
        {
            Conv2dKernels.Forward(x.Dims[0], (double[])xd.Buffer, xd.Offset, (double[])wd.Buffer, wd.Offset, (double[]?)bd?.Buffer, bd?.Offset ?? 0, geometry, groups, weight.Dims[0], (double[]?)columns?.Buffer, columns?.Offset ?? 0, (double[])y.Buffer, y.Offset);
        }
    }

    /// <inheritdoc/>
    public void Conv2dBackwardInput(Tensor dy, Tensor weight, in ConvGeometry geometry, int groups, Tensor dx)
    {
        var (g, wd) = (dy.Dense(), weight.Dense());
        if (dx.Buffer is float[] f)
        {
            Conv2dKernels.BackwardInput(dx.Dims[0], (float[])g.Buffer, g.Offset, (float[])wd.Buffer, wd.Offset, geometry, groups, weight.Dims[0], f, dx.Offset);
        }
        else
        {
            Conv2dKernels.BackwardInput(dx.Dims[0], (double[])g.Buffer, g.Offset, (double[])wd.Buffer, wd.Offset, geometry, groups, weight.Dims[0], (double[])dx.Buffer, dx.Offset);
        }
    }

    /// <inheritdoc/>
    public void Conv2dBackwardWeight(Tensor dy, Tensor? columns, Tensor x, in ConvGeometry geometry, int groups, Tensor dw, Tensor? db)
    {
        var (g, c, xd) = (dy.Dense(), columns?.Dense(), x.Dense());
        if (dw.Buffer is float[] f)
        {
            Conv2dKernels.BackwardWeight(dy.Dims[0], (float[])g.Buffer, g.Offset, (float[]?)c?.Buffer, c?.Offset ?? 0, (float[])xd.Buffer, xd.Offset, geometry, groups, dw.Dims[0], f, dw.Offset, (float[]?)db?.Buffer, db?.Offset ?? 0);
        }
        else
        {
            Conv2dKernels.BackwardWeight(dy.Dims[0], (double[])g.Buffer, g.Offset, (double[]?)c?.Buffer, c?.Offset ?? 0, (double[])xd.Buffer, xd.Offset, geometry, groups, dw.Dims[0], (double[])dw.Buffer, dw.Offset, (double[]?)db?.Buffer, db?.Offset ?? 0);
        }
    }

    /// <inheritdoc/>
    public void MaxPool2d(Tensor x, in ConvGeometry geometry, Tensor y, bool relu = false)
    {
        var xd = x.Dense();
        var planes = x.Dims[0] * x.Dims[1];
        if (y.Buffer is float[] f)
        {
            MaxPoolKernels.Forward(planes, (float[])xd.Buffer, xd.Offset, geometry, f, y.Offset, relu);
        }
        else
        {
            MaxPoolKernels.Forward(planes, (double[])xd.Buffer, xd.Offset, geometry, (double[])y.Buffer, y.Offset, relu);
        }
    }

    /// <inheritdoc/>
    public void MaxPool2dRoute(Tensor x, in ConvGeometry geometry, Tensor values, Tensor result, bool toInputs, bool relu = false)
    {
        var (xd, v) = (x.Dense(), values.Dense());
        var planes = x.Dims[0] * x.Dims[1];
        if (result.Buffer is float[] f)
        {
            MaxPoolKernels.Route(planes, (float[])xd.Buffer, xd.Offset, geometry, (float[])v.Buffer, v.Offset, f, result.Offset, toInputs, relu);
        }
        else
        {
            MaxPoolKernels.Route(planes, (double[])xd.Buffer, xd.Offset, geometry, (double[])v.Buffer, v.Offset, (double[])result.Buffer, result.Offset, toInputs, relu);
        }
    }
}
