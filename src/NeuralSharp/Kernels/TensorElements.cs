namespace NeuralSharp.Kernels;

/// <summary>The CPU kernels' way into a tensor's elements. Nothing outside the CPU backend uses it.</summary>
internal static class TensorElements
{
    /// <summary>The elements of a contiguous tensor on the CPU backend, as a span of <typeparamref name="T"/> (float or double, matching its type).</summary>
    public static Span<T> Elements<T>(this Tensor t)
    {
        if (!t.IsContiguous)
        {
            throw new InvalidOperationException("internal: span of a non-contiguous tensor");
        }

        return new Span<T>((T[])t.Buffer, t.Offset, t.Count);
    }
}
