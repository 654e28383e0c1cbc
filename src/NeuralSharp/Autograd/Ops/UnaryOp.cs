using NeuralSharp.Kernels;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Element-wise functions of one tensor. Their Jacobian is diagonal, so one derivative f'(x) serves
/// both modes: reverse sends back g * f'(x), forward pushes t * f'(x).
/// </summary>
internal sealed class UnaryOp(UnaryKind kind) : Op
{
    public override string Name => kind.ToString().ToLowerInvariant();

    public static Tensor Apply(UnaryKind kind, Tensor x)
    {
        var y = Tensor.EmptyLike(x);
        x.Backend.Unary(kind, x, y);
        return Record(new UnaryOp(kind), y, x);
    }

    /// <summary>
    /// v * f'(x): the backend's fused one-pass kernel where the function has one, else the derivative of
    /// <see cref="UnaryFunctions.Derivative"/> composed from primitives. The composed form is also taken
    /// when the backward pass itself is being recorded (gradients of gradients), since a fused kernel
    /// leaves no graph behind.
    /// </summary>
    private Tensor? ScaleByDerivative(Tensor v)
    {
        var (x, y) = (Inputs[0], Output);
        var fused = UnaryFunctions.FusedDerivative(kind);
        if (fused != DerivativeArgument.None && !GradMode.IsEnabled && v.DType == x.DType && v.Count == x.Count)
        {
            var result = Tensor.EmptyLike(x);
            x.Backend.ScaleByDerivative(kind, v, fused == DerivativeArgument.Input ? x : y, result);
            return result;
        }

        return UnaryFunctions.Derivative(kind, x, y) is { } d ? v * d : null;
    }

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [ScaleByDerivative(gradOutput)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) =>
        ScaleByDerivative(inputTangents[0]) ?? Tensor.ZerosLike(Output);
}
