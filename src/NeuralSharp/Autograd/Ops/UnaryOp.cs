using NeuralSharp.Kernels;

namespace NeuralSharp.Autograd.Ops;

/// <summary>
/// Element-wise functions of one tensor. Their Jacobian is diagonal, so one derivative f'(x) serves
/// both modes: reverse sends back g * f'(x), forward pushes t * f'(x).
/// </summary>
internal sealed class UnaryOp(UnaryKind kind) : Op
{
    public override string Name => kind.ToString().ToLowerInvariant();

    public static Tensor Apply(UnaryKind kind, Tensor x) => Record(new UnaryOp(kind), Elementwise.Unary(kind, x), x);

    /// <summary>f'(x), written with the input X and the output Y; null where the derivative is zero.</summary>
    private Tensor? Derivative()
    {
        var x = Inputs[0];
        var y = Output;
        return kind switch
        {
            UnaryKind.Negate => Tensor.Scalar(-1.0, x.DType),
            UnaryKind.Exp => y,                               // (e^x)' = e^x
            UnaryKind.Log => x.Reciprocal(),                  // (log x)' = 1/x
            UnaryKind.Sqrt => 0.5 / y,                        // (sqrt x)' = 1 / (2 sqrt x)
            UnaryKind.Abs => x.Sign(),                        // |x|' = sign(x), 0 at 0
            UnaryKind.Square => 2.0 * x,
            UnaryKind.Reciprocal => -y.Square(),              // (1/x)' = -1/x^2
            UnaryKind.Sigmoid => y * (1.0 - y),               // sigma' = sigma (1 - sigma) <= 1/4
            UnaryKind.Tanh => 1.0 - y.Square(),               // tanh' = 1 - tanh^2
            UnaryKind.Relu => x.Gt(0.0),                      // 0 for x <= 0 (the course takes ReLU'(0) = 0)
            UnaryKind.SoftPlus => x.Sigmoid(),                // softplus' = sigma
            UnaryKind.Step or UnaryKind.Sign => null,         // piecewise constant: no gradient
            _ => throw new NotSupportedException($"{Name}: no derivative"),
        };
    }

    /// <summary>
    /// v * f'(x): a fused one-pass kernel where there is one (checked against the table above by the
    /// gradient tests), else the table; always the table while recording (a backward pass with
    /// createGraph), since the fused kernel is not itself differentiable.
    /// </summary>
    private Tensor? ScaleByDerivative(Tensor v) =>
        (GradMode.IsEnabled ? null : Elementwise.ScaleByDerivative(kind, v, Inputs[0], Output)) ?? (Derivative() is { } d ? v * d : null);

    protected internal override Tensor?[] Backward(Tensor gradOutput) => [ScaleByDerivative(gradOutput)];

    protected internal override Tensor ForwardTangent(Tensor[] inputTangents) =>
        ScaleByDerivative(inputTangents[0]) ?? Tensor.ZerosLike(Output);
}
