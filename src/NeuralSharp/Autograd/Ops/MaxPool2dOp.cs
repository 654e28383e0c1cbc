using NeuralSharp.Backends;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// 2-D max pooling, the largest value of each window (padding counting as minus infinity), optionally after a fused
/// ReLU (max(0, the largest value): the ReLU is monotone, so it commutes with the max). Reverse: the max gate sends
/// each output's gradient to its window's winner (<see cref="MaxPoolRouteOp"/> towards the inputs), and with the ReLU
/// only where the largest value is above zero. Forward: the output's tangent is the winner's tangent (the same route
/// towards the outputs).
/// </summary>
internal sealed class MaxPool2dOp(ConvGeometry geometry, bool relu) : Op
{
    public override string Name => relu ? "relu_max_pool2d" : "max_pool2d";

    /// <summary>Pools x [N, C, H, W] over the windows of <paramref name="g"/> (g.Channels is ignored: every plane is pooled alike).</summary>
    public static Tensor Apply(Tensor x, in ConvGeometry g, bool relu = false)
    {
        var y = Tensor.Empty([x.Dims[0], x.Dims[1], g.OutHeight, g.OutWidth], x.DType);
        y.Backend.MaxPool2d(x, g, y, relu);
        return Record(new MaxPool2dOp(g, relu), y, x);
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [MaxPoolRouteOp.Apply(gradOutput, Inputs[0], geometry, toInputs: true, relu)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => MaxPoolRouteOp.Apply(inputTangents[0], Inputs[0], geometry, toInputs: false, relu);
}
