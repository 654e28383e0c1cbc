namespace NeuralSharp.Kernels;

/// <summary>The element-wise functions of two arguments that have a kernel.</summary>
internal enum BinaryKind
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Pow,
    Max,
    Min,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Equal,
}
