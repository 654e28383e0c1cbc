using TP = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralSharp.Kernels;

/// <summary>An element-wise function applied to a product's output while its tiles are still in cache.</summary>
internal enum GemmActivation
{
    /// <summary>The product as it is.</summary>
    None,

    /// <summary>max(x, 0), as the ReLU op computes it.</summary>
    Relu,
}

/// <summary>
/// What a fused product does to a tile of C once it is written: the bias after the first block of k, the activation
/// after the last. A tile is small enough to be in L1 then, so a layer's affine map and activation cost one pass over
/// its output instead of three (broadcast the bias, accumulate the product onto it, activate into a new tensor).
/// </summary>
/// <remarks>The results are those of the unfused ops bit for bit: the first block stores alpha·sum with alpha = 1,
/// exact, and adding the bias then rounds once, as accumulating the sum onto a broadcast bias does; later blocks of k
/// accumulate onto that; the activation is the ReLU op's own <c>TensorPrimitives.Max</c>.</remarks>
internal static unsafe class GemmEpilogue
{
    public static void AddBias(float* c, nint ldc, int rows, int cols, float* bias)
    {
        var b = new ReadOnlySpan<float>(bias, cols);
        for (int r = 0; r < rows; r++)
        {
            var row = new Span<float>(c + (r * ldc), cols);
            TP.Add(row, b, row);
        }
    }

    public static void Activate(float* c, nint ldc, int rows, int cols, GemmActivation activation)
    {
        if (activation == GemmActivation.None)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            var row = new Span<float>(c + (r * ldc), cols);
            TP.Max(row, 0f, row);
        }
    }

    /// <summary>Both steps at once, for paths that compute a block of C over the whole of k in one go.</summary>
    public static void Apply(in SgemmProblem p, float* c, int rows, int cols, int firstColumn)
    {
        if (p.Bias != null)
        {
            AddBias(c, p.Ldc, rows, cols, p.Bias + firstColumn);
        }

        Activate(c, p.Ldc, rows, cols, p.Activation);
    }
}
