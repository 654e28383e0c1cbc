namespace NeuralSharp.Nn;

/// <summary>
/// Linear least squares in closed form, for readouts fitted without gradient descent (the output layer of a
/// <see cref="RbfNetwork"/>, the ridge readout of an <see cref="EchoStateNetwork"/>).
/// </summary>
public static class LeastSquares
{
    /// <summary>
    /// The W [p, m] that minimises ||A W - Y||^2 + ridge ||W||^2 for A [n, p] and Y [n, m], in float64.
    /// </summary>
    /// <remarks>With n ≥ p it solves the normal equations (AᵀA + ridge I) W = AᵀY; with fewer rows than columns it
    /// returns the minimum-norm solution W = Aᵀ (AAᵀ + ridge I)⁻¹ Y, which fits every row exactly when ridge is 0
    /// (the two coincide for ridge &gt; 0). The smaller Gram matrix is solved by Gaussian elimination with
    /// partial pivoting.</remarks>
    /// <exception cref="ArgumentException">The shapes do not fit, ridge is negative, or the system is singular.</exception>
    public static Tensor Solve(Tensor a, Tensor y, double ridge = 0)
    {
        if (a.Rank != 2 || y.Rank != 2 || a.Size(0) != y.Size(0))
        {
            throw new ArgumentException($"least_squares: expected A [n, p] and Y [n, m] with the same n, got {a.Shape} and {y.Shape}");
        }

        if (!(ridge >= 0))
        {
            throw new ArgumentException($"least_squares: ridge must be non-negative, got {ridge}");
        }

        var (ad, yd) = (a.Detach().Double(), y.Detach().Double());
        var (n, p) = (a.Size(0), a.Size(1));
        if (n >= p)
        {
            var gram = ad.T.MatMul(ad) + (Tensor.Eye(p, DType.Float64) * ridge);
            return SolveDense(gram, ad.T.MatMul(yd));
        }

        var inner = ad.MatMul(ad.T) + (Tensor.Eye(n, DType.Float64) * ridge);
        return ad.T.MatMul(SolveDense(inner, yd));
    }

    /// <summary>X [n, m] with A X = B for a square A [n, n] (Gaussian elimination with partial pivoting, float64).</summary>
    /// <exception cref="ArgumentException">A is not square, B has another number of rows, or A is singular.</exception>
    public static Tensor SolveDense(Tensor a, Tensor b)
    {
        var n = a.Size(0);
        if (a.Rank != 2 || a.Size(1) != n || b.Rank != 2 || b.Size(0) != n)
        {
            throw new ArgumentException($"solve: expected A [n, n] and B [n, m], got {a.Shape} and {b.Shape}");
        }

        var m = b.Size(1);
        var am = a.Detach().ToDoubleArray();
        var bm = b.Detach().ToDoubleArray();
        var scale = am.Max(Math.Abs);
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(am[(r * n) + col]) > Math.Abs(am[(pivot * n) + col]))
                {
                    pivot = r;
                }
            }

            if (!(Math.Abs(am[(pivot * n) + col]) > scale * 1e-15))
            {
                throw new ArgumentException($"solve: the {n}x{n} system is singular (column {col}); add a ridge term");
            }

            Swap(am, n, col, pivot);
            Swap(bm, m, col, pivot);
            for (var r = col + 1; r < n; r++)
            {
                var factor = am[(r * n) + col] / am[(col * n) + col];
                for (var k = col; k < n; k++)
                {
                    am[(r * n) + k] -= factor * am[(col * n) + k];
                }

                for (var k = 0; k < m; k++)
                {
                    bm[(r * m) + k] -= factor * bm[(col * m) + k];
                }
            }
        }

        var x = new double[n * m];
        for (var r = n - 1; r >= 0; r--)
        {
            for (var k = 0; k < m; k++)
            {
                var s = bm[(r * m) + k];
                for (var c = r + 1; c < n; c++)
                {
                    s -= am[(r * n) + c] * x[(c * m) + k];
                }

                x[(r * m) + k] = s / am[(r * n) + r];
            }
        }

        return Tensor.FromArray(x, n, m);
    }

    private static void Swap(double[] rows, int width, int i, int j)
    {
        if (i != j)
        {
            var tmp = rows.AsSpan(i * width, width).ToArray();
            rows.AsSpan(j * width, width).CopyTo(rows.AsSpan(i * width, width));
            tmp.CopyTo(rows.AsSpan(j * width, width));
        }
    }
}
