namespace NeuralSharp.Kernels;

/// <summary>Allocating front ends of the element-wise kernels, used by the autograd primitives.</summary>
internal static class Elementwise
{
    public static Tensor Unary(UnaryKind kind, Tensor x)
    {
        var src = Dense(x);
        var result = Tensor.EmptyLike(x);
        if (x.DType == DType.Float32)
        {
            UnaryKernels.Apply(kind, src.Span<float>(), result.Span<float>());
        }
        else
        {
            UnaryKernels.Apply(kind, src.Span<double>(), result.Span<double>());
        }

        return result;
    }

    public static Tensor Binary(BinaryKind kind, Tensor a, Tensor b, string op)
    {
        var dims = Broadcasting.Shape(a.Dims, b.Dims, op);
        var result = Tensor.Empty(dims, a.DType);
        BinaryKernels.Apply(kind, a, b, result);
        return result;
    }

    /// <summary>A contiguous version of <paramref name="x"/> without recording anything in the graph.</summary>
    public static Tensor Dense(Tensor x)
    {
        if (x.IsContiguous)
        {
            return x;
        }

        var copy = Tensor.EmptyLike(x);
        CopyKernel.Copy(x, copy);
        return copy;
    }
}
