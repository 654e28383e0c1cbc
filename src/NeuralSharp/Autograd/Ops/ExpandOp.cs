namespace NeuralSharp.Autograd.Ops;

/// <summary>Broadcasts size-1 dimensions to a larger shape without copying (stride 0). Reverse: sum back (done by the engine).</summary>
internal sealed class ExpandOp : Op
{
    public override string Name => "expand";

    public static Tensor Apply(Tensor x, int[] shape)
    {
        var dims = Broadcasting.Shape(x.Dims, shape, "expand");
        if (!dims.AsSpan().SequenceEqual(shape))
        {
            throw new ArgumentException($"expand: cannot expand {x.Shape} to {Shape.Format(shape)}");
        }

        return Record(new ExpandOp(), x.View(x.Offset, dims, Broadcasting.Strides(x, dims)), x);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [gradOutput];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0].Expand(Output.Dims);
}
