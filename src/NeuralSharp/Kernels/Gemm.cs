namespace NeuralSharp.Kernels;

/// <summary>Matrix products C = alpha op(A) op(B) + beta C over row-major spans.</summary>
public static class Gemm
{
    /// <summary>Single-precision product; transA means A is stored k x m, transB means B is stored n x k.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0f;
                for (var p = 0; p < k; p++)
                {
                    s += (transA ? a[(p * lda) + i] : a[(i * lda) + p]) * (transB ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                }

                c[(i * ldc) + j] = (alpha * s) + (beta == 0 ? 0 : beta * c[(i * ldc) + j]);
            }
        }
    }

    /// <summary>Double-precision product; same conventions as the single-precision one.</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = 0d;
                for (var p = 0; p < k; p++)
                {
                    s += (transA ? a[(p * lda) + i] : a[(i * lda) + p]) * (transB ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                }

                c[(i * ldc) + j] = (alpha * s) + (beta == 0 ? 0 : beta * c[(i * ldc) + j]);
            }
        }
    }
}
