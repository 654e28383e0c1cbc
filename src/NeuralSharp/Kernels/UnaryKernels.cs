using System.Numerics;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralSharp.Kernels;

/// <summary>Element-wise functions of one argument over spans, for float and double.</summary>
/// <remarks>
/// TensorPrimitives supplies the vectorised loops (AVX-512, AVX2, NEON, scalar, chosen at run time).
/// Functions it lacks are composed from its primitives so that they stay vectorised.
/// </remarks>
internal static class UnaryKernels
{
    public static void Apply<T>(UnaryKind kind, ReadOnlySpan<T> x, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case UnaryKind.Negate: TP.Negate(x, y); break;
            case UnaryKind.Exp: TP.Exp(x, y); break;
            case UnaryKind.Log: TP.Log(x, y); break;
            case UnaryKind.Sqrt: TP.Sqrt(x, y); break;
            case UnaryKind.Abs: TP.Abs(x, y); break;
            case UnaryKind.Square: TP.Multiply(x, x, y); break;
            case UnaryKind.Reciprocal: TP.Divide(T.One, x, y); break;
            case UnaryKind.Sigmoid: Sigmoid(x, y); break;
            case UnaryKind.Tanh: TP.Tanh(x, y); break;
            case UnaryKind.Relu: TP.Max(x, T.Zero, y); break;
            case UnaryKind.Step: Step(x, y); break;
            case UnaryKind.Sign: Sign(x, y); break;
            case UnaryKind.SoftPlus: SoftPlus(x, y); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
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
