using NeuralSharp.Autograd.Ops;
using NeuralSharp.Backends;

namespace NeuralSharp;

// Pooling. Max pooling is one fused primitive (MaxPool2dOp, its gradient routed back along the
// winners); average pooling is composed: windows are unfolded (Unfold) and summed, so that its
// gradients, tangents and second derivatives come from those ops. Max pooling pads with -infinity,
// so that a padded position never wins; a tie goes to the first maximum in the window's row-major
// order, as in PyTorch. Output sizes follow PyTorch: floor (or ceil, with ceilMode) of
// (size + 2 padding - dilation (kernel - 1) - 1) / stride, plus one, and in ceil mode a last window
// that would start in the right or bottom padding is dropped.
public sealed partial class Tensor
{
    /// <summary>
    /// 2-D max pooling of [N, C, H, W] (or [C, H, W]): the largest value in each window (PyTorch's
    /// <c>torch.nn.functional.max_pool2d</c>). The stride defaults to the kernel size.
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride = null, (int Height, int Width)? padding = null, (int Height, int Width)? dilation = null, bool ceilMode = false) =>
        Pool("max_pool2d", input, kernelSize, stride, padding, dilation ?? (1, 1), ceilMode, max: true, countIncludePad: false, divisorOverride: null);

    /// <summary>
    /// MaxPool2d(Relu(input)) as one pass (the same values and gradients bit for bit): the ReLU commutes with the max, so
    /// the pooling takes max(0, each window's largest value), and its gradient goes to the winner only where that is above
    /// zero. Sequential uses it for a ReLU followed by a MaxPool2d.
    /// </summary>
    internal static Tensor ReluMaxPool2d(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride = null, (int Height, int Width)? padding = null, (int Height, int Width)? dilation = null, bool ceilMode = false) =>
        Pool("max_pool2d", input, kernelSize, stride, padding, dilation ?? (1, 1), ceilMode, max: true, countIncludePad: false, divisorOverride: null, relu: true);

    /// <summary>
    /// 2-D average pooling of [N, C, H, W] (or [C, H, W]) (PyTorch's <c>torch.nn.functional.avg_pool2d</c>):
    /// each window's sum divided by its size, counting the zero padding unless <paramref name="countIncludePad"/>
    /// is false, or by <paramref name="divisorOverride"/>.
    /// </summary>
    public static Tensor AvgPool2d(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? stride = null, (int Height, int Width)? padding = null, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null) =>
        Pool("avg_pool2d", input, kernelSize, stride, padding, (1, 1), ceilMode, max: false, countIncludePad, divisorOverride);

    /// <summary>1-D max pooling of [N, C, L] (or [C, L]) (PyTorch's <c>torch.nn.functional.max_pool1d</c>).</summary>
    public static Tensor MaxPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) =>
        Pool1d("max_pool1d", input, x => MaxPool2d(x, (1, kernelSize), (1, stride ?? kernelSize), (0, padding), (1, dilation), ceilMode));

    /// <summary>1-D average pooling of [N, C, L] (or [C, L]) (PyTorch's <c>torch.nn.functional.avg_pool1d</c>).</summary>
    public static Tensor AvgPool1d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        Pool1d("avg_pool1d", input, x => AvgPool2d(x, (1, kernelSize), (1, stride ?? kernelSize), (0, padding), ceilMode, countIncludePad));

    /// <summary>
    /// Average pooling of [N, C, H, W] (or [C, H, W]) to a fixed output size (PyTorch's
    /// <c>adaptive_avg_pool2d</c>): output cell i averages rows floor(i H / OH) to ceil((i + 1) H / OH);
    /// (1, 1) is global average pooling.
    /// </summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, (int Height, int Width) outputSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (3 or 4) || outputSize.Height < 1 || outputSize.Width < 1)
        {
            throw new ArgumentException($"adaptive_avg_pool2d: expects [N, C, H, W] or [C, H, W] and an output size of at least 1x1, got {input.Shape} and {outputSize}");
        }

        // y = P_h x P_w^T with constant averaging matrices: exact, and differentiable through MatMul.
        var rows = AveragingMatrix(outputSize.Height, input.Dims[^2], input.DType);
        var columns = AveragingMatrix(outputSize.Width, input.Dims[^1], input.DType);
        return rows.MatMul(input).MatMul(columns.T);
    }

    private static Tensor AveragingMatrix(int outSize, int inSize, DType dtype)
    {
        var m = new double[outSize * inSize];
        for (var i = 0; i < outSize; i++)
        {
            int start = i * inSize / outSize, end = (((i + 1) * inSize) + outSize - 1) / outSize;
            for (var j = start; j < end; j++)
            {
                m[(i * inSize) + j] = 1.0 / (end - start);
            }
        }

        return FromArray(m, outSize, inSize).To(dtype);
    }

    private static Tensor Pool1d(string op, Tensor input, Func<Tensor, Tensor> pool2d)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (2 or 3))
        {
            throw new ArgumentException($"{op}: expects [N, C, L] or [C, L], got {input.Shape}");
        }

        return pool2d(input.Unsqueeze(-2)).Squeeze(-2);
    }

    private static Tensor Pool(string op, Tensor input, (int Height, int Width) kernel, (int Height, int Width)? stride, (int Height, int Width)? padding, (int Height, int Width) dilation, bool ceilMode, bool max, bool countIncludePad, int? divisorOverride, bool relu = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 3)
        {
            return Pool(op, input.Unsqueeze(0), kernel, stride, padding, dilation, ceilMode, max, countIncludePad, divisorOverride, relu).Squeeze(0);
        }

        if (input.Rank != 4)
        {
            throw new ArgumentException($"{op}: expects [N, C, H, W] or [C, H, W], got {input.Shape}");
        }

        var (s, p) = (stride ?? kernel, padding ?? (0, 0));
        CheckPositive(op, "kernel size", kernel);
        CheckPositive(op, "stride", s);
        CheckPositive(op, "dilation", dilation);
        if (p.Height < 0 || p.Width < 0 || p.Height > kernel.Height / 2 || p.Width > kernel.Width / 2)
        {
            throw new ArgumentException($"{op}: padding {p} must be between 0 and half the kernel size {kernel}");
        }

        if (divisorOverride is <= 0)
        {
            throw new ArgumentException($"{op}: the divisor must be positive, got {divisorOverride}");
        }

        int n = input.Dims[0], c = input.Dims[1], h = input.Dims[2], w = input.Dims[3];
        var oh = PooledSize(h, kernel.Height, s.Height, p.Height, dilation.Height, ceilMode);
        var ow = PooledSize(w, kernel.Width, s.Width, p.Width, dilation.Width, ceilMode);
        if (oh < 1 || ow < 1)
        {
            throw new ArgumentException($"{op}: kernel {kernel} with padding {p} and dilation {dilation} does not fit input {input.Shape} (output {oh}x{ow})");
        }

        // Pad so that the last window ends inside: the padding on each side, plus what ceil mode needs on the far side.
        var extraH = Math.Max(0, ((oh - 1) * s.Height) + (dilation.Height * (kernel.Height - 1)) + 1 - (h + (2 * p.Height)));
        var extraW = Math.Max(0, ((ow - 1) * s.Width) + (dilation.Width * (kernel.Width - 1)) + 1 - (w + (2 * p.Width)));
        if (max)
        {
            var g = new ConvGeometry(c, h, w, kernel.Height, kernel.Width, s.Height, s.Width, p.Height, p.Height + extraH, p.Width, p.Width + extraW, dilation.Height, dilation.Width);
            return MaxPool2dOp.Apply(input, g, relu);
        }

        var padded = p == (0, 0) && extraH == 0 && extraW == 0
            ? input
            : input.Pad([p.Width, p.Width + extraW, p.Height, p.Height + extraH], max ? double.NegativeInfinity : 0);
        var windows = Unfold(padded, kernel, dilation, stride: s).Reshape(n, c, kernel.Height * kernel.Width, oh * ow);
        var pooled = windows.Sum(2) / Divisors(h, w, kernel, s, p, oh, ow, countIncludePad, divisorOverride, input.DType);
        return pooled.Reshape(n, c, oh, ow);
    }

    private static int PooledSize(int size, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        var span = size + (2 * pad) - (dilation * (kernel - 1)) - 1;
        if (span < 0)
        {
            return 0;
        }

        var output = ((span + (ceilMode ? stride - 1 : 0)) / stride) + 1;
        return ceilMode && (output - 1) * stride >= size + pad ? output - 1 : output;
    }

    /// <summary>Each window's divisor, as PyTorch counts it: the window clipped to the padded input, or to the input alone.</summary>
    private static Tensor Divisors(int h, int w, (int Height, int Width) k, (int Height, int Width) s, (int Height, int Width) p, int oh, int ow, bool countIncludePad, int? divisorOverride, DType dtype)
    {
        var d = new double[oh * ow];
        for (var y = 0; y < oh; y++)
        {
            for (var x = 0; x < ow; x++)
            {
                int top = (y * s.Height) - p.Height, left = (x * s.Width) - p.Width;
                int bottom = Math.Min(top + k.Height, h + p.Height), right = Math.Min(left + k.Width, w + p.Width);
                var withPadding = (bottom - top) * (right - left);
                var inside = (Math.Min(bottom, h) - Math.Max(top, 0)) * (Math.Min(right, w) - Math.Max(left, 0));
                d[(y * ow) + x] = divisorOverride ?? (countIncludePad ? withPadding : inside);
            }
        }

        return FromArray(d, oh * ow).To(dtype);
    }
}
