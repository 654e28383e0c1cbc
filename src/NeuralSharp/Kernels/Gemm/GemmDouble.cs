using System.Numerics;

namespace NeuralSharp.Kernels;

/// <summary>
/// Double-precision product, used for gradient checks: blocked so a KC x NC block of op(B)
/// stays in L2 and a row of C in L1, vectorised along the rows of C, single-threaded.
/// </summary>
internal static unsafe class Dgemm
{
    private const int KC = 128;
    private const int NC = 256;

    public static void Run(
        bool transA, bool transB, int m, int n, int k, double alpha,
        double* a, int lda, double* b, int ldb, double beta, double* c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<double>(c + ((nint)i * ldc), n);
            if (beta == 0d)
            {
                row.Clear();
            }
            else if (beta != 1d)
            {
                for (int j = 0; j < n; j++)
                {
                    row[j] *= beta;
                }
            }
        }

        double* block = GemmBuffers.PackD(KC * NC);
        for (int jc = 0; jc < n; jc += NC)
        {
            int nc = Math.Min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);

                // Transposes are resolved here, so the inner loop always streams contiguous rows.
                for (int q = 0; q < kc; q++)
                {
                    for (int j = 0; j < nc; j++)
                    {
                        block[(q * nc) + j] = transB
                            ? b[((nint)(jc + j) * ldb) + pc + q]
                            : b[((nint)(pc + q) * ldb) + jc + j];
                    }
                }

                for (int i = 0; i < m; i++)
                {
                    double* cRow = c + ((nint)i * ldc) + jc;
                    for (int q = 0; q < kc; q++)
                    {
                        double aiq = transA ? a[((nint)(pc + q) * lda) + i] : a[((nint)i * lda) + pc + q];
                        Axpy(alpha * aiq, block + (q * nc), cRow, nc);
                    }
                }
            }
        }
    }

    private static void Axpy(double scale, double* x, double* y, int count)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<double>(scale);
            for (; j <= count - Vector<double>.Count; j += Vector<double>.Count)
            {
                Vector.MultiplyAddEstimate(s, Vector.Load(x + j), Vector.Load(y + j)).Store(y + j);
            }
        }

        for (; j < count; j++)
        {
            y[j] += scale * x[j];
        }
    }
}
