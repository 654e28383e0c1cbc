using NeuralSharp.Backends;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Values moved along the winners of a max pooling of a fixed input: from the outputs to the winning
/// inputs (summed where an input wins several windows: the pooling's gradient) or from the inputs to
/// the outputs (the pooling's tangent). The map is linear in the values and the two directions are each
/// other's adjoint, so each is the other's reverse mode, and either is its own forward mode. With <c>relu</c> (the
/// pooling had a fused ReLU before it) windows whose largest value is not above zero route zeros: still linear, still adjoint.
/// </summary>
internal sealed class MaxPoolRouteOp(Tensor pooled, ConvGeometry geometry, bool toInputs, bool relu) : Op
{
    public override string Name => toInputs ? "max_pool2d_backward" : "max_pool2d_pick";

    /// <summary>Routes <paramref name="values"/> along the winners of pooling <paramref name="pooled"/> over <paramref name="g"/>.</summary>
    public static Tensor Apply(Tensor values, Tensor pooled, in ConvGeometry g, bool toInputs, bool relu = false)
    {
        var dims = toInputs ? pooled.Dims : [pooled.Dims[0], pooled.Dims[1], g.OutHeight, g.OutWidth];
        var result = Tensor.Empty(dims, values.DType);
        result.Backend.MaxPool2dRoute(pooled, g, values, result, toInputs, relu);
        return Record(new MaxPoolRouteOp(pooled, g, toInputs, relu), result, values);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [Apply(gradOutput, pooled, geometry, !toInputs, relu)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => Apply(inputTangents[0], pooled, geometry, toInputs, relu);
}
