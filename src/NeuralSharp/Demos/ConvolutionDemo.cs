using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>
/// One row of the course's pooling figure (Goodfellow et al., fig. 9.8) for an input and for the same input seen
/// one pixel to the right: the detector stage (a convolution and ReLU) and that stage after max pooling.
/// </summary>
/// <param name="Detector">The detector stage for the input.</param>
/// <param name="Pooled">Max pooling (width 3, stride 1) of <paramref name="Detector"/>.</param>
/// <param name="ShiftedDetector">The detector stage for the input moved one pixel to the right.</param>
/// <param name="ShiftedPooled">Max pooling of <paramref name="ShiftedDetector"/>.</param>
public sealed record PoolingRows(double[] Detector, double[] Pooled, double[] ShiftedDetector, double[] ShiftedPooled)
{
    /// <summary>How many detector values the shift changed.</summary>
    public int DetectorChanged => Changed(Detector, ShiftedDetector);

    /// <summary>How many pooled values the shift changed.</summary>
    public int PooledChanged => Changed(Pooled, ShiftedPooled);

    private static int Changed(double[] a, double[] b) => a.Zip(b).Count(p => Math.Abs(p.First - p.Second) > 1e-9);
}

/// <summary>A convolution's parameter count beside that of the dense layer with the same input and output sizes.</summary>
/// <param name="InputShape">The input, C x H x W.</param>
/// <param name="OutputShape">The convolution's output, C' x H' x W'.</param>
/// <param name="Convolution">The convolution's parameters: (kernel area x C + 1) x C'.</param>
/// <param name="Dense">The dense layer's: inputs x outputs + outputs.</param>
public sealed record ParameterSharing(Shape InputShape, Shape OutputShape, long Convolution, long Dense);

/// <summary>
/// The course's ideas about convolution: max pooling makes the detector stage partly invariant to a small shift
/// (every detector value changes, only some pooled ones do), and parameter sharing makes a convolution's
/// parameter count independent of the image size.
/// </summary>
public static class ConvolutionDemo
{
    /// <summary>
    /// A row of <paramref name="width"/> detector units: a 3-wide convolution (kernel [-0.5, 1, -0.5], bias 1) and
    /// ReLU over a seeded random input in [0, 1], then max pooling of width 3 and stride 1, the edge windows taking
    /// the values they have. The shifted row sees the same input one pixel to the right, a new value
    /// coming in at the left.
    /// </summary>
    public static PoolingRows Pooling(int seed = 1, int width = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 3);
        // A peak detector: a unit responds to a pixel brighter than its neighbours' mean. The bias of 1 keeps every
        // unit active for inputs in [0, 1], so each sees the shift (a unit stuck at zero would not change).
        var conv = new Conv1d(1, 1, 3, generator: new Generator(0));
        using (GradMode.NoGrad())
        {
            conv.Weight.CopyFrom(Tensor.FromArray([-0.5f, 1f, -0.5f], 1, 1, 3));
            conv.Bias!.Fill(1);
        }

        var pool = new MaxPool1d(3, stride: 1, padding: 1);
        var signal = Tensor.Rand([1, 1, width + 3], generator: new Generator(seed));
        var detector = conv.Forward(signal.Narrow(2, 1, width + 2)).Relu();
        var shifted = conv.Forward(signal.Narrow(2, 0, width + 2)).Relu();
        return new PoolingRows(detector.ToDoubleArray(), pool.Forward(detector).ToDoubleArray(), shifted.ToDoubleArray(), pool.Forward(shifted).ToDoubleArray());
    }

    /// <summary>
    /// The parameters of a <paramref name="kernel"/> x <paramref name="kernel"/> convolution from
    /// <paramref name="inChannels"/> x <paramref name="rows"/> x <paramref name="cols"/> to <paramref name="outChannels"/>
    /// channels (size kept by padding (kernel - 1) / 2), counted on the layer itself, beside the dense layer with the
    /// same input and output sizes.
    /// </summary>
    public static ParameterSharing ParameterCounts(int inChannels = 1, int rows = 28, int cols = 28, int outChannels = 6, int kernel = 5)
    {
        var conv = new Conv2d(inChannels, outChannels, kernel, padding: (kernel - 1) / 2, generator: new Generator(0));
        var output = new Shape(conv.Forward(Tensor.Zeros([1, inChannels, rows, cols])).Shape.Dims[1..]);
        long inputs = (long)inChannels * rows * cols, outputs = output.Dims.Aggregate(1L, (a, d) => a * d);
        return new ParameterSharing(new Shape(inChannels, rows, cols), output, conv.ParameterCount, (inputs * outputs) + outputs);
    }
}
