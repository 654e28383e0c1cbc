using NeuralSharp.Autograd.Ops;
using NeuralSharp.Kernels;

namespace NeuralSharp;

public sealed partial class Tensor
{
    // ---- binary, broadcasting ------------------------------------------------------------------

    /// <summary>Element-wise sum, broadcast.</summary>
    public Tensor Add(Tensor other) => BinaryOp.Apply(BinaryKind.Add, this, other);

    /// <summary>Element-wise difference, broadcast.</summary>
    public Tensor Sub(Tensor other) => BinaryOp.Apply(BinaryKind.Subtract, this, other);

    /// <summary>Element-wise product, broadcast (not the matrix product: see <see cref="MatMul(Tensor)"/>).</summary>
    public Tensor Mul(Tensor other) => BinaryOp.Apply(BinaryKind.Multiply, this, other);

    /// <summary>Element-wise quotient, broadcast.</summary>
    public Tensor Div(Tensor other) => BinaryOp.Apply(BinaryKind.Divide, this, other);

    /// <summary>Element-wise power, broadcast.</summary>
    public Tensor Pow(Tensor exponent) => BinaryOp.Apply(BinaryKind.Pow, this, exponent);

    /// <summary>Each element raised to a constant power.</summary>
    public Tensor Pow(double exponent) => exponent == 2 ? Square() : Pow(Scalar(exponent, DType));

    /// <summary>Element-wise maximum (PyTorch's <c>maximum</c>); ties share the gradient.</summary>
    public Tensor Maximum(Tensor other) => BinaryOp.Apply(BinaryKind.Max, this, other);

    /// <summary>Element-wise minimum; ties share the gradient.</summary>
    public Tensor Minimum(Tensor other) => BinaryOp.Apply(BinaryKind.Min, this, other);

    /// <summary>1 where this &gt; other, else 0 (not differentiable).</summary>
    public Tensor Gt(Tensor other) => BinaryOp.Apply(BinaryKind.Greater, this, other);

    /// <summary>1 where this &gt;= other, else 0.</summary>
    public Tensor Ge(Tensor other) => BinaryOp.Apply(BinaryKind.GreaterOrEqual, this, other);

    /// <summary>1 where this &lt; other, else 0.</summary>
    public Tensor Lt(Tensor other) => BinaryOp.Apply(BinaryKind.Less, this, other);

    /// <summary>1 where this &lt;= other, else 0.</summary>
    public Tensor Le(Tensor other) => BinaryOp.Apply(BinaryKind.LessOrEqual, this, other);

    /// <summary>1 where this == other, else 0.</summary>
    public Tensor Eq(Tensor other) => BinaryOp.Apply(BinaryKind.Equal, this, other);

    /// <summary>1 where this != other, else 0.</summary>
    public Tensor Ne(Tensor other) => 1.0 - Eq(other);

    /// <summary>1 where this &gt; value, else 0.</summary>
    public Tensor Gt(double value) => Gt(Scalar(value, DType));

    /// <summary>1 where this &gt;= value, else 0.</summary>
    public Tensor Ge(double value) => Ge(Scalar(value, DType));

    /// <summary>1 where this &lt; value, else 0.</summary>
    public Tensor Lt(double value) => Lt(Scalar(value, DType));

    /// <summary>1 where this &lt;= value, else 0.</summary>
    public Tensor Le(double value) => Le(Scalar(value, DType));

    /// <summary>1 where this == value, else 0.</summary>
    public Tensor Eq(double value) => Eq(Scalar(value, DType));

    /// <summary>1 where this != value, else 0.</summary>
    public Tensor Ne(double value) => Ne(Scalar(value, DType));

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> is non-zero, of <paramref name="b"/> elsewhere.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => WhereOp.Apply(condition, a, b);

    /// <summary>Clips every element to [min, max].</summary>
    public Tensor Clamp(double min, double max) => ClampOp.Apply(this, min, max);

    // ---- unary ----------------------------------------------------------------------------------

    /// <summary>-x.</summary>
    public Tensor Neg() => UnaryOp.Apply(UnaryKind.Negate, this);

    /// <summary>e^x.</summary>
    public Tensor Exp() => UnaryOp.Apply(UnaryKind.Exp, this);

    /// <summary>Natural logarithm.</summary>
    public Tensor Log() => UnaryOp.Apply(UnaryKind.Log, this);

    /// <summary>Square root.</summary>
    public Tensor Sqrt() => UnaryOp.Apply(UnaryKind.Sqrt, this);

    /// <summary>|x|.</summary>
    public Tensor Abs() => UnaryOp.Apply(UnaryKind.Abs, this);

    /// <summary>x^2.</summary>
    public Tensor Square() => UnaryOp.Apply(UnaryKind.Square, this);

    /// <summary>1 / x.</summary>
    public Tensor Reciprocal() => UnaryOp.Apply(UnaryKind.Reciprocal, this);

    /// <summary>-1, 0 or 1 by the sign of x (zero gradient).</summary>
    public Tensor Sign() => UnaryOp.Apply(UnaryKind.Sign, this);

    /// <summary>The step function: 1 where x &gt;= 0, else 0 (zero gradient; the perceptron's activation).</summary>
    public Tensor Step() => UnaryOp.Apply(UnaryKind.Step, this);

    /// <summary>The logistic sigmoid 1 / (1 + e^-x), range (0, 1).</summary>
    public Tensor Sigmoid() => UnaryOp.Apply(UnaryKind.Sigmoid, this);

    /// <summary>Hyperbolic tangent, range (-1, 1).</summary>
    public Tensor Tanh() => UnaryOp.Apply(UnaryKind.Tanh, this);

    /// <summary>max(0, x); the derivative at 0 is taken as 0.</summary>
    public Tensor Relu() => UnaryOp.Apply(UnaryKind.Relu, this);

    /// <summary>log(1 + e^x), computed without overflow.</summary>
    public Tensor SoftPlus() => UnaryOp.Apply(UnaryKind.SoftPlus, this);

    // ---- static forms, for code that reads like the formulas -----------------------------------

    /// <summary>e^x.</summary>
    public static Tensor Exp(Tensor x) => x.Exp();

    /// <summary>Natural logarithm.</summary>
    public static Tensor Log(Tensor x) => x.Log();

    /// <summary>Square root.</summary>
    public static Tensor Sqrt(Tensor x) => x.Sqrt();

    /// <summary>|x|.</summary>
    public static Tensor Abs(Tensor x) => x.Abs();

    /// <summary>Element-wise maximum.</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => a.Maximum(b);

    /// <summary>Element-wise minimum.</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => a.Minimum(b);

    /// <summary>Matrix product.</summary>
    public static Tensor MatMul(Tensor a, Tensor b) => a.MatMul(b);

    // ---- operators -------------------------------------------------------------------------------

    /// <summary>Element-wise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    /// <summary>Element-wise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    /// <summary>Element-wise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    /// <summary>Element-wise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(Tensor a, double b) => a.Add(Scalar(b, a.DType));

    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(double a, Tensor b) => Scalar(a, b.DType).Add(b);

    /// <summary>Subtracts a constant.</summary>
    public static Tensor operator -(Tensor a, double b) => a.Sub(Scalar(b, a.DType));

    /// <summary>Subtracts from a constant.</summary>
    public static Tensor operator -(double a, Tensor b) => Scalar(a, b.DType).Sub(b);

    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(Tensor a, double b) => a.Mul(Scalar(b, a.DType));

    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(double a, Tensor b) => Scalar(a, b.DType).Mul(b);

    /// <summary>Divides by a constant.</summary>
    public static Tensor operator /(Tensor a, double b) => a.Div(Scalar(b, a.DType));

    /// <summary>Divides a constant.</summary>
    public static Tensor operator /(double a, Tensor b) => Scalar(a, b.DType).Div(b);
}
