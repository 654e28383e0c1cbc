namespace NeuralSharp.Kernels;

/// <summary>The element-wise functions of one argument that have a kernel.</summary>
internal enum UnaryKind
{
    Negate,
    Exp,
    Log,
    Sqrt,
    Abs,
    Square,
    Reciprocal,
    Sigmoid,
    Tanh,
    Relu,
    Step,
    Sign,
    SoftPlus,
}
