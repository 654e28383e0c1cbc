using NeuralSharp.Autograd.Ops;
using NeuralSharp.Backends;

namespace NeuralSharp;

// Convolutions as the course defines them: a cross-correlation of the input with a kernel, moved by a
// stride over the zero-padded input. Each is computed as one matrix product of the kernel matrix
// [out, in kh kw] with the unfolded input windows [in kh kw, positions], so that the packed GEMM does
// the work and the derivatives come from two primitives: unfold and its adjoint fold. Conv2d (and so
// Conv1d) fuses that composition into one primitive, Conv2dOp, which unfolds, multiplies and forgets
// each image's windows while they are in cache; the composition remains for mixed element types.
public sealed partial class Tensor
{
    /// <summary>
    /// Every kh x kw window of images [N, C, H, W] as one column of the result [N, C kh kw, L], L the
    /// number of window positions (PyTorch's <c>torch.nn.functional.unfold</c>; rows ordered by channel,
    /// then kernel row, then kernel column).
    /// </summary>
    public static Tensor Unfold(Tensor input, (int Height, int Width) kernelSize, (int Height, int Width)? dilation = null, (int Height, int Width)? padding = null, (int Height, int Width)? stride = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4)
        {
            throw new ArgumentException($"unfold: expects images [N, C, H, W], got {input.Shape}");
        }

        var g = Geometry("unfold", input, input.Dims[1], kernelSize, stride, padding, dilation);
        return UnfoldOp.Apply(input, g);
    }

    /// <summary>
    /// Columns [N, C kh kw, L] summed back into images [N, C, H, W] of <paramref name="outputSize"/>, each
    /// column added where its window lies (PyTorch's <c>torch.nn.functional.fold</c>, the adjoint of <see cref="Unfold"/>).
    /// </summary>
    public static Tensor Fold(Tensor input, (int Height, int Width) outputSize, (int Height, int Width) kernelSize, (int Height, int Width)? dilation = null, (int Height, int Width)? padding = null, (int Height, int Width)? stride = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var kk = kernelSize.Height * kernelSize.Width;
        if (input.Rank != 3 || kk <= 0 || input.Dims[1] % kk != 0)
        {
            throw new ArgumentException($"fold: expects columns [N, C {kernelSize.Height}x{kernelSize.Width}, L], got {input.Shape}");
        }

        var image = Empty([input.Dims[0], input.Dims[1] / kk, outputSize.Height, outputSize.Width], input.DType);
        var g = Geometry("fold", image, image.Dims[1], kernelSize, stride, padding, dilation);
        if (g.OutHeight * g.OutWidth != input.Dims[2])
        {
            throw new ArgumentException($"fold: {input.Shape} holds {input.Dims[2]} window positions, but a {outputSize.Height}x{outputSize.Width} output has {g.OutHeight * g.OutWidth} ({g.OutHeight}x{g.OutWidth})");
        }

        return FoldOp.Apply(input, g);
    }

    /// <summary>
    /// 2-D convolution (cross-correlation) of input [N, C, H, W] (or [C, H, W]) with weight
    /// [O, C / groups, kh, kw] plus bias [O]: PyTorch's <c>torch.nn.functional.conv2d</c>, output
    /// [N, O, OH, OW] with OH = floor((H + 2 padding - dilation (kh - 1) - 1) / stride) + 1.
    /// </summary>
    /// <param name="input">Images, batch first.</param>
    /// <param name="weight">One kernel per output channel, over <c>C / groups</c> input channels.</param>
    /// <param name="bias">One value per output channel, or null.</param>
    /// <param name="stride">Step of the window (1, 1 by default).</param>
    /// <param name="padding">Zeros added on each side (0, 0 by default).</param>
    /// <param name="dilation">Spacing of the kernel taps (1, 1 by default).</param>
    /// <param name="groups">Input and output channels split into this many independent groups (C for a depthwise convolution).</param>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, (int Height, int Width)? stride = null, (int Height, int Width)? padding = null, (int Height, int Width)? dilation = null, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank == 3)
        {
            return Conv2d(input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups).Squeeze(0);
        }

        const string op = "conv2d";
        if (input.Rank != 4 || weight.Rank != 4)
        {
            throw new ArgumentException($"{op}: expects input [N, C, H, W] and weight [out, in/groups, kh, kw], got {input.Shape} and {weight.Shape}");
        }

        int n = input.Dims[0], channels = input.Dims[1], outChannels = weight.Dims[0];
        CheckGroups(op, input, weight, channels, outChannels, weight.Dims[1], groups);
        CheckBias(op, bias, outChannels);
        var g = Geometry(op, input, channels, (weight.Dims[2], weight.Dims[3]), stride, padding, dilation);
        if (input.DType == weight.DType && (bias is null || bias.DType == weight.DType))
        {
            return Conv2dOp.Apply(input, weight, bias, g, groups);
        }

        var columns = UnfoldOp.Apply(input, g);
        var positions = g.OutHeight * g.OutWidth;

        // Each group's kernels [O/g, C/g kh kw] times that group's window rows; the batch broadcasts.
        var patch = g.PatchSize / groups;
        var y = groups == 1
            ? weight.Reshape(outChannels, patch).MatMul(columns)
            : weight.Reshape(groups, outChannels / groups, patch).MatMul(columns.Reshape(n, groups, patch, positions)).Reshape(n, outChannels, positions);
        y = y.Reshape(n, outChannels, g.OutHeight, g.OutWidth);
        return bias is null ? y : y + bias.Reshape(outChannels, 1, 1);
    }

    /// <summary>
    /// 1-D convolution of input [N, C, L] (or [C, L]) with weight [O, C / groups, k] plus bias [O]: PyTorch's
    /// <c>torch.nn.functional.conv1d</c>. A time-delay network is this, over time.
    /// </summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank == 2)
        {
            return Conv1d(input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups).Squeeze(0);
        }

        if (input.Rank != 3 || weight.Rank != 3)
        {
            throw new ArgumentException($"conv1d: expects input [N, C, L] and weight [out, in/groups, k], got {input.Shape} and {weight.Shape}");
        }

        return Conv2d(input.Unsqueeze(2), weight.Unsqueeze(2), bias, (1, stride), (0, padding), (1, dilation), groups).Squeeze(2);
    }

    /// <summary>
    /// 2-D transposed convolution of input [N, C, H, W] (or [C, H, W]) with weight [C, O / groups, kh, kw]
    /// plus bias [O]: PyTorch's <c>torch.nn.functional.conv_transpose2d</c>, the adjoint of <see cref="Conv2d"/>
    /// (it maps a convolution's output shape back to its input shape), output
    /// OH = (H - 1) stride - 2 padding + dilation (kh - 1) + outputPadding + 1.
    /// </summary>
    /// <param name="input">Feature maps, batch first.</param>
    /// <param name="weight">Kernels, laid out as PyTorch's ConvTranspose2d weight.</param>
    /// <param name="bias">One value per output channel, or null.</param>
    /// <param name="stride">Step between the kernel's placements in the output.</param>
    /// <param name="padding">Rows and columns removed from each side of the full output.</param>
    /// <param name="outputPadding">Rows and columns added at the bottom and right (less than the stride), to pick between output sizes that convolve to the same input size.</param>
    /// <param name="groups">Channel groups, as in <see cref="Conv2d"/>.</param>
    /// <param name="dilation">Spacing of the kernel taps.</param>
    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, (int Height, int Width)? stride = null, (int Height, int Width)? padding = null, (int Height, int Width)? outputPadding = null, int groups = 1, (int Height, int Width)? dilation = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank == 3)
        {
            return ConvTranspose2d(input.Unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation).Squeeze(0);
        }

        const string op = "conv_transpose2d";
        if (input.Rank != 4 || weight.Rank != 4)
        {
            throw new ArgumentException($"{op}: expects input [N, C, H, W] and weight [in, out/groups, kh, kw], got {input.Shape} and {weight.Shape}");
        }

        int n = input.Dims[0], channels = input.Dims[1], h = input.Dims[2], w = input.Dims[3];
        int kh = weight.Dims[2], kw = weight.Dims[3], outChannels = weight.Dims[1] * groups;
        if (groups < 1 || weight.Dims[0] != channels || channels % groups != 0)
        {
            throw new ArgumentException($"{op}: input {input.Shape} and weight {weight.Shape} with groups={groups}: the weight must be [{channels}, out/groups, kh, kw] and {channels} input channels divisible by the groups");
        }

        CheckBias(op, bias, outChannels);
        var (s, p, d, o) = (stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1), outputPadding ?? (0, 0));
        CheckPositive(op, "stride", s);
        CheckPositive(op, "dilation", d);
        if (p.Height < 0 || p.Width < 0 || o.Height < 0 || o.Width < 0 || o.Height >= s.Height || o.Width >= s.Width)
        {
            throw new ArgumentException($"{op}: padding {p} must be non-negative and output padding {o} non-negative and smaller than the stride {s}");
        }

        var oh = ((h - 1) * s.Height) - (2 * p.Height) + (d.Height * (kh - 1)) + o.Height + 1;
        var ow = ((w - 1) * s.Width) - (2 * p.Width) + (d.Width * (kw - 1)) + o.Width + 1;
        if (oh <= 0 || ow <= 0)
        {
            throw new ArgumentException($"{op}: input {input.Shape}, weight {weight.Shape}, stride {s}, padding {p}: the output would be {oh}x{ow}");
        }

        // The columns are each input position's contribution (kernel times value), folded into the output.
        var perGroup = channels / groups;
        var rows = (outChannels / groups) * kh * kw;
        var columns = weight.Reshape(groups, perGroup, rows).Transpose(-1, -2).MatMul(input.Reshape(n, groups, perGroup, h * w)).Reshape(n, outChannels * kh * kw, h * w);
        var g = new ConvGeometry(outChannels, oh, ow, kh, kw, s.Height, s.Width, p.Height, p.Height, p.Width, p.Width, d.Height, d.Width);
        var y = FoldOp.Apply(columns, g);
        return bias is null ? y : y + bias.Reshape(outChannels, 1, 1);
    }

    private static ConvGeometry Geometry(string op, Tensor input, int channels, (int Height, int Width) kernel, (int Height, int Width)? stride, (int Height, int Width)? padding, (int Height, int Width)? dilation)
    {
        var (s, p, d) = (stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1));
        CheckPositive(op, "kernel size", kernel);
        CheckPositive(op, "stride", s);
        CheckPositive(op, "dilation", d);
        if (p.Height < 0 || p.Width < 0)
        {
            throw new ArgumentException($"{op}: padding {p} must be non-negative");
        }

        int h = input.Dims[^2], w = input.Dims[^1];
        int spanH = (d.Height * (kernel.Height - 1)) + 1, spanW = (d.Width * (kernel.Width - 1)) + 1;
        if (spanH > h + (2 * p.Height) || spanW > w + (2 * p.Width))
        {
            throw new ArgumentException($"{op}: kernel {kernel.Height}x{kernel.Width} (spanning {spanH}x{spanW} with dilation {d}) is larger than the padded input {h + (2 * p.Height)}x{w + (2 * p.Width)} (input {input.Shape}, padding {p})");
        }

        return new ConvGeometry(channels, h, w, kernel.Height, kernel.Width, s.Height, s.Width, p.Height, p.Height, p.Width, p.Width, d.Height, d.Width);
    }

    private static void CheckGroups(string op, Tensor input, Tensor weight, int channels, int outChannels, int channelsPerGroup, int groups)
    {
        if (groups < 1 || channels % groups != 0 || outChannels % groups != 0 || channelsPerGroup * groups != channels)
        {
            throw new ArgumentException($"{op}: input {input.Shape} and weight {weight.Shape} with groups={groups}: expected weight [out, {(groups >= 1 ? channels / groups : channels)}, kh, kw] with input and output channels divisible by the groups");
        }
    }

    private static void CheckBias(string op, Tensor? bias, int outChannels)
    {
        if (bias is not null && (bias.Rank != 1 || bias.Dims[0] != outChannels))
        {
            throw new ArgumentException($"{op}: bias {bias.Shape} does not match the {outChannels} output channels (expected [{outChannels}])");
        }
    }

    private static void CheckPositive(string op, string what, (int Height, int Width) value)
    {
        if (value.Height < 1 || value.Width < 1)
        {
            throw new ArgumentException($"{op}: {what} {value} must be at least 1");
        }
    }
}
