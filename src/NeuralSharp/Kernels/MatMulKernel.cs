namespace NeuralSharp.Kernels;

/// <summary>Batched matrix products of tensors on top of <see cref="Gemm"/>, reading transposed views without copying them.</summary>
internal static class MatMulKernel
{
    /// <summary>
    /// C = A B for A [..., m, k] and B [..., k, n] (both rank &gt;= 2), batch dimensions broadcast, into
    /// <paramref name="c"/> [batch..., m, n] (contiguous). The caller (MatMulOp) has checked the shapes.
    /// </summary>
    public static void Multiply(Tensor a, Tensor b, Tensor c)
    {
        int m = a.Dims[^2], k = a.Dims[^1], n = b.Dims[^1];
        var batchA = a.Dims[..^2];
        var batchB = b.Dims[..^2];
        var batch = c.Dims[..^2];

        // A stack of matrices times one matrix (a Linear layer on a sequence): one tall product.
        if (batchB.Length == 0 && a.IsContiguous && batchA.Length > 0)
        {
            var rows = a.Count / Math.Max(k, 1);
            var (tb, ldb, bb) = Layout(b);
            Product(false, tb, rows, n, k, a.Buffer, a.Offset, k, bb.Buffer, bb.Offset, ldb, c.Buffer, c.Offset, n);
            return;
        }

        var aa = MatrixView(a);
        var bv = MatrixView(b);
        var (ta, lda, _) = Layout(aa);
        var (tb2, ldb2, _) = Layout(bv);
        var count = 1;
        foreach (var d in batch)
        {
            count *= d;
        }

        var aStrides = BatchStrides(aa, batch);
        var bStrides = BatchStrides(bv, batch);
        var index = new int[batch.Length];
        for (var i = 0; i < count; i++)
        {
            int ao = aa.Offset, bo = bv.Offset;
            for (var d = 0; d < batch.Length; d++)
            {
                ao += index[d] * aStrides[d];
                bo += index[d] * bStrides[d];
            }

            Product(ta, tb2, m, n, k, aa.Buffer, ao, lda, bv.Buffer, bo, ldb2, c.Buffer, c.Offset + (i * m * n), n);
            for (var d = batch.Length - 1; d >= 0 && ++index[d] == batch[d]; d--)
            {
                index[d] = 0;
            }
        }
    }

    /// <summary>A tensor whose last two dimensions are either row-major or transposed (column-major) matrices.</summary>
    private static Tensor MatrixView(Tensor t) =>
        IsRowMajor(t) || IsColumnMajor(t) ? t : t.Dense();

    private static (bool Transposed, int Ld, Tensor T) Layout(Tensor t)
    {
        if (IsRowMajor(t))
        {
            return (false, Math.Max(t.Strides[^2], Math.Max(t.Dims[^1], 1)), t);
        }

        if (IsColumnMajor(t))
        {
            return (true, Math.Max(t.Strides[^1], Math.Max(t.Dims[^2], 1)), t);
        }

        var dense = t.Dense();
        return (false, Math.Max(dense.Dims[^1], 1), dense);
    }

    private static bool IsRowMajor(Tensor t) =>
        (t.Strides[^1] == 1 || t.Dims[^1] == 1) && (t.Strides[^2] >= t.Dims[^1] || t.Dims[^2] == 1) && t.Strides[^2] > 0;

    private static bool IsColumnMajor(Tensor t) =>
        (t.Strides[^2] == 1 || t.Dims[^2] == 1) && t.Strides[^1] >= t.Dims[^2] && t.Strides[^1] > 0 && t.Dims[^1] > 1;

    private static int[] BatchStrides(Tensor t, int[] batch)
    {
        var strides = new int[batch.Length];
        var shift = batch.Length - (t.Rank - 2);
        for (var d = 0; d < t.Rank - 2; d++)
        {
            strides[d + shift] = t.Dims[d] == 1 ? 0 : t.Strides[d];
        }

        return strides;
    }

    private static void Product(bool ta, bool tb, int m, int n, int k, Array a, int ao, int lda, Array b, int bo, int ldb, Array c, int co, int ldc)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        var aLen = ta ? ((k - 1) * lda) + m : ((m - 1) * lda) + k;
        var bLen = tb ? ((n - 1) * ldb) + k : ((k - 1) * ldb) + n;
        if (k == 0)
        {
            aLen = bLen = 0;
        }

        if (c is float[] cf)
        {
            Gemm.Multiply(ta, tb, m, n, k, 1f, ((float[])a).AsSpan(ao, aLen), lda, ((float[])b).AsSpan(bo, bLen), ldb, 0f, cf.AsSpan(co, ((m - 1) * ldc) + n), ldc);
        }
        else
        {
            Gemm.Multiply(ta, tb, m, n, k, 1d, ((double[])a).AsSpan(ao, aLen), lda, ((double[])b).AsSpan(bo, bLen), ldb, 0d, ((double[])c).AsSpan(co, ((m - 1) * ldc) + n), ldc);
        }
    }
}
