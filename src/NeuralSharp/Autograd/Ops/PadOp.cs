namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Constant padding: a tensor filled with the pad value, the input copied into its middle. Negative pads
/// crop. Both derivatives pad the incoming derivative: reverse with the negated pads and zeros (which crops
/// away what was added and puts zeros where the input was cropped), forward with the same pads and zeros.
/// </summary>
internal sealed class PadOp(int[] before, int[] after) : Op
{
    public override string Name => "pad";

    /// <summary>Pads given as (left, right) pairs from the last dimension backwards, as in torch.nn.functional.pad.</summary>
    public static Tensor Apply(Tensor x, int[] pads, double value)
    {
        if (pads.Length % 2 != 0 || pads.Length / 2 > x.Rank)
        {
            throw new ArgumentException($"pad: {pads.Length} pad values for a tensor of shape {x.Shape}: expects (before, after) pairs for at most {x.Rank} dimensions");
        }

        var before = new int[x.Rank];
        var after = new int[x.Rank];
        for (var i = 0; i < pads.Length / 2; i++)
        {
            before[x.Rank - 1 - i] = pads[2 * i];
            after[x.Rank - 1 - i] = pads[(2 * i) + 1];
        }

        return Pad(x, before, after, value);
    }

    private static Tensor Pad(Tensor x, int[] before, int[] after, double value)
    {
        var dims = new int[x.Rank];
        for (var d = 0; d < x.Rank; d++)
        {
            dims[d] = x.Dims[d] + before[d] + after[d];
            if (dims[d] < 0)
            {
                throw new ArgumentException($"pad: padding dimension {d} of shape {x.Shape} by ({before[d]}, {after[d]}) leaves a negative size {dims[d]}");
            }
        }

        var result = Tensor.Full(dims, value, x.DType);

        // The part of the input that survives cropping, and where it lands in the result.
        var srcOffset = x.Offset;
        var dstOffset = 0;
        var kept = new int[x.Rank];
        for (var d = 0; d < x.Rank; d++)
        {
            var cropBefore = Math.Max(0, -before[d]);
            kept[d] = x.Dims[d] - cropBefore - Math.Max(0, -after[d]);
            srcOffset += cropBefore * x.Strides[d];
            dstOffset += Math.Max(0, before[d]) * result.Strides[d];
        }

        if (kept.All(k => k > 0))
        {
            result.Backend.Copy(x.View(srcOffset, kept, x.Strides), result.View(dstOffset, kept, result.Strides));
        }

        return Record(new PadOp(before, after), result, x);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) =>
        [Pad(gradOutput, [.. before.Select(p => -p)], [.. after.Select(p => -p)], 0)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => Pad(inputTangents[0], before, after, 0);
}
