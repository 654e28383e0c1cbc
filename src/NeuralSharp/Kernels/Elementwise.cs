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

    /// <summary>
    /// v * f'(x) in one pass for the activations whose derivative has a fused kernel (ReLU, sigmoid,
    /// tanh); null for the others, which compose it from primitives.
    /// </summary>
    public static Tensor? ScaleByDerivative(UnaryKind kind, Tensor v, Tensor x, Tensor y)
    {
        if (kind is not (UnaryKind.Relu or UnaryKind.Sigmoid or UnaryKind.Tanh) || v.DType != x.DType || v.Count != x.Count)
        {
            return null;
        }

        var vv = Dense(v);
        var at = kind == UnaryKind.Relu ? Dense(x) : Dense(y);
        var result = Tensor.EmptyLike(x);
        if (x.DType == DType.Float32)
        {
            ScaleByDerivative(kind, vv.Span<float>(), at.Span<float>(), result.Span<float>());
        }
        else
        {
            ScaleByDerivative(kind, vv.Span<double>(), at.Span<double>(), result.Span<double>());
        }

        return result;
    }

    private static void ScaleByDerivative<T>(UnaryKind kind, ReadOnlySpan<T> v, ReadOnlySpan<T> at, Span<T> d)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case UnaryKind.Relu: VectorLoops.ReluGrad(v, at, d); break;
            case UnaryKind.Sigmoid: VectorLoops.SigmoidGrad(v, at, d); break;
            default: VectorLoops.TanhGrad(v, at, d); break;
        }
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
