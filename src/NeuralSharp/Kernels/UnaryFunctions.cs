using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralSharp.Kernels;

/// <summary>What a fused derivative kernel reads besides the upstream gradient: the input x or the output f(x).</summary>
internal enum DerivativeArgument
{
    /// <summary>No fused kernel: the derivative is composed from primitives.</summary>
    None,

    /// <summary>The kernel reads x (ReLU: v where x &gt; 0).</summary>
    Input,

    /// <summary>The kernel reads y = f(x) (sigmoid: v y (1 - y)).</summary>
    Output,
}

/// <summary>
/// Every element-wise function of one argument, in one place: its value (the CPU kernel), its
/// derivative f'(x) (which serves reverse mode as g f'(x) and forward mode as t f'(x): the Jacobian
/// is diagonal) and, for the activations on the training path, a fused one-pass kernel for v f'(x).
/// </summary>
/// <remarks>Each member is a switch expression over <see cref="UnaryKind"/> with no default arm, so a
/// new kind that lacks any of them does not compile (CS8509 is an error).</remarks>
internal static class UnaryFunctions
{
    private delegate void Map<T>(ReadOnlySpan<T> x, Span<T> y);

    private delegate void Map2<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> at, Span<T> d);

    /// <summary>y = f(x) over spans. TensorPrimitives vectorises (AVX-512, AVX2, NEON or scalar, chosen at run time); functions it lacks are composed from its primitives.</summary>
    public static void Apply<T>(UnaryKind kind, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Map<T> kernel = kind switch
        {
            UnaryKind.Negate => TP.Negate,
            UnaryKind.Exp => TP.Exp,
            UnaryKind.Log => TP.Log,
            UnaryKind.Sqrt => TP.Sqrt,
            UnaryKind.Abs => TP.Abs,
            UnaryKind.Square => static (a, b) => TP.Multiply(a, a, b),
            UnaryKind.Reciprocal => static (a, b) => TP.Divide(T.One, a, b),
            UnaryKind.Sigmoid => Sigmoid,
            UnaryKind.Tanh => TP.Tanh,
            UnaryKind.Relu => static (a, b) => TP.Max(a, T.Zero, b),
            UnaryKind.Step => Step,
            UnaryKind.Sign => Sign,
            UnaryKind.SoftPlus => SoftPlus,
        };
        kernel(x, y);
    }

    /// <summary>f'(x), written with the input x and the output y = f(x); null where the derivative is zero everywhere it exists.</summary>
    /// <remarks>Composed from differentiable tensor operations, so that it can itself be differentiated (second derivatives).</remarks>
    public static Tensor? Derivative(UnaryKind kind, Tensor x, Tensor y) => kind switch
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
        UnaryKind.Step => null,                           // piecewise constant: no gradient
        UnaryKind.Sign => null,
    };

    /// <summary>Which argument the fused v f'(x) kernel reads, or <see cref="DerivativeArgument.None"/> where there is none.</summary>
    public static DerivativeArgument FusedDerivative(UnaryKind kind) => kind switch
    {
        UnaryKind.Relu => DerivativeArgument.Input,
        UnaryKind.Sigmoid or UnaryKind.Tanh => DerivativeArgument.Output,
        UnaryKind.Negate or UnaryKind.Exp or UnaryKind.Log or UnaryKind.Sqrt or UnaryKind.Abs or UnaryKind.Square
            or UnaryKind.Reciprocal or UnaryKind.Step or UnaryKind.Sign or UnaryKind.SoftPlus => DerivativeArgument.None,
    };

    /// <summary>d = v f'(x) in one pass, for the kinds whose <see cref="FusedDerivative"/> is not None (checked against <see cref="Derivative"/> by the gradient tests).</summary>
    public static void ScaleByDerivative<T>(UnaryKind kind, ReadOnlySpan<T> v, ReadOnlySpan<T> at, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Map2<T> kernel = kind switch
        {
            UnaryKind.Relu => VectorLoops.ReluGrad,
            UnaryKind.Sigmoid => VectorLoops.SigmoidGrad,
            UnaryKind.Tanh => VectorLoops.TanhGrad,
            UnaryKind.Negate or UnaryKind.Exp or UnaryKind.Log or UnaryKind.Sqrt or UnaryKind.Abs or UnaryKind.Square
                or UnaryKind.Reciprocal or UnaryKind.Step or UnaryKind.Sign or UnaryKind.SoftPlus =>
                throw new InvalidOperationException($"{kind}: no fused derivative kernel"),
        };
        kernel(v, at, d);
    }

    /// <summary>1 / (1 + e^-x), computed so that large |x| gives 0 or 1 instead of NaN.</summary>
    private static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // e^-x overflows to +inf for x << 0 and 1/(1+inf) = 0 exactly, so the plain formula is stable;
        // NaN inputs stay NaN.
        TP.Negate(x, y);
        TP.Exp(y, y);
        TP.Add(y, T.One, y);
        TP.Divide(T.One, y, y);
    }

    /// <summary>log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): never overflows.</summary>
    private static void SoftPlus<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            y[i] = T.Max(v, T.Zero) + T.LogP1(T.Exp(-T.Abs(v)));
        }
    }

    /// <summary>The perceptron's step: 1 where x &gt;= 0, else 0.</summary>
    private static void Step<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = x[i] >= T.Zero ? T.One : T.Zero;
        }
    }

    private static void Sign<T>(ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            y[i] = v > T.Zero ? T.One : v < T.Zero ? -T.One : v;
        }
    }
}
