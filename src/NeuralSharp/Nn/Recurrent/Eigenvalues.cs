namespace NeuralSharp.Nn;

/// <summary>
/// The eigenvalues of a real square matrix, by reduction to upper Hessenberg form (Gaussian elimination with
/// pivoting) and the Francis double-shift QR algorithm (as in Numerical Recipes' elmhes and hqr). Unlike power
/// iteration, this also finds a dominant complex pair (a rotation-like matrix), so the spectral radius is exact
/// to rounding.
/// </summary>
public static class Eigenvalues
{
    /// <summary>The eigenvalues (real part, imaginary part) of the row-major <paramref name="n"/> x <paramref name="n"/> matrix <paramref name="matrix"/>, in no particular order.</summary>
    /// <exception cref="ArgumentException">The matrix is not n x n or holds a non-finite value.</exception>
    /// <exception cref="ArithmeticException">The QR iteration did not converge (does not happen for finite input in practice).</exception>
    public static (double Re, double Im)[] Of(ReadOnlySpan<double> matrix, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (matrix.Length != n * n)
        {
            throw new ArgumentException($"eigenvalues: a {n} x {n} matrix needs {n * n} elements, got {matrix.Length}");
        }

        // One-based copy, so that the algorithm reads as it is usually written.
        var a = new double[n + 1, n + 1];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var v = matrix[(i * n) + j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"eigenvalues: element [{i}, {j}] is {v}");
                }

                a[i + 1, j + 1] = v;
            }
        }

        ToHessenberg(a, n);
        var wr = new double[n + 1];
        var wi = new double[n + 1];
        HessenbergQr(a, n, wr, wi);
        return [.. Enumerable.Range(1, n).Select(i => (wr[i], wi[i]))];
    }

    /// <summary>The largest absolute eigenvalue of a square matrix tensor [n, n].</summary>
    public static double SpectralRadius(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (matrix.Rank != 2 || matrix.Size(0) != matrix.Size(1))
        {
            throw new ArgumentException($"spectral radius: expected a square matrix [n, n], got {matrix.Shape}");
        }

        return SpectralRadius(matrix.Contiguous().ToDoubleArray(), matrix.Size(0));
    }

    /// <summary>The largest absolute eigenvalue of the row-major n x n <paramref name="matrix"/>.</summary>
    public static double SpectralRadius(ReadOnlySpan<double> matrix, int n) =>
        n == 0 ? 0 : Of(matrix, n).Max(e => Math.Sqrt((e.Re * e.Re) + (e.Im * e.Im)));

    private static void ToHessenberg(double[,] a, int n)
    {
        for (var m = 2; m < n; m++)
        {
            var x = 0.0;
            var i = m;
            for (var j = m; j <= n; j++)
            {
                if (Math.Abs(a[j, m - 1]) > Math.Abs(x))
                {
                    x = a[j, m - 1];
                    i = j;
                }
            }

            if (i != m)
            {
                for (var j = m - 1; j <= n; j++)
                {
                    (a[i, j], a[m, j]) = (a[m, j], a[i, j]);
                }

                for (var j = 1; j <= n; j++)
                {
                    (a[j, i], a[j, m]) = (a[j, m], a[j, i]);
                }
            }

            if (x != 0)
            {
                for (i = m + 1; i <= n; i++)
                {
                    var y = a[i, m - 1];
                    if (y != 0)
                    {
                        y /= x;
                        a[i, m - 1] = y;
                        for (var j = m; j <= n; j++)
                        {
                            a[i, j] -= y * a[m, j];
                        }

                        for (var j = 1; j <= n; j++)
                        {
                            a[j, m] += y * a[j, i];
                        }
                    }
                }
            }
        }

        // The multipliers left below the subdiagonal are not part of the Hessenberg matrix.
        for (var i = 3; i <= n; i++)
        {
            for (var j = 1; j < i - 1; j++)
            {
                a[i, j] = 0;
            }
        }
    }

    private static void HessenbergQr(double[,] a, int n, double[] wr, double[] wi)
    {
        var anorm = 0.0;
        for (var i = 1; i <= n; i++)
        {
            for (var j = Math.Max(i - 1, 1); j <= n; j++)
            {
                anorm += Math.Abs(a[i, j]);
            }
        }

        var nn = n;
        var t = 0.0;
        double p = 0, q = 0, r = 0, s, w = 0, x, y = 0, z;
        while (nn >= 1)
        {
            var its = 0;
            int l;
            do
            {
                // Look for a single small subdiagonal element.
                for (l = nn; l >= 2; l--)
                {
                    s = Math.Abs(a[l - 1, l - 1]) + Math.Abs(a[l, l]);
                    if (s == 0)
                    {
                        s = anorm;
                    }

                    if (Math.Abs(a[l, l - 1]) + s == s)
                    {
                        a[l, l - 1] = 0;
                        break;
                    }
                }

                x = a[nn, nn];
                if (l == nn)
                {
                    // One root found.
                    wr[nn] = x + t;
                    wi[nn--] = 0;
                }
                else
                {
                    y = a[nn - 1, nn - 1];
                    w = a[nn, nn - 1] * a[nn - 1, nn];
                    if (l == nn - 1)
                    {
                        // Two roots found.
                        p = 0.5 * (y - x);
                        q = (p * p) + w;
                        z = Math.Sqrt(Math.Abs(q));
                        x += t;
                        if (q >= 0)
                        {
                            z = p + (p >= 0 ? Math.Abs(z) : -Math.Abs(z));
                            wr[nn - 1] = wr[nn] = x + z;
                            if (z != 0)
                            {
                                wr[nn] = x - (w / z);
                            }

                            wi[nn - 1] = wi[nn] = 0;
                        }
                        else
                        {
                            wr[nn - 1] = wr[nn] = x + p;
                            wi[nn - 1] = -z;
                            wi[nn] = z;
                        }

                        nn -= 2;
                    }
                    else
                    {
                        if (its == 60)
                        {
                            throw new ArithmeticException("eigenvalues: the QR iteration did not converge");
                        }

                        if (its % 10 == 0 && its > 0)
                        {
                            // An exceptional shift.
                            t += x;
                            for (var i = 1; i <= nn; i++)
                            {
                                a[i, i] -= x;
                            }

                            s = Math.Abs(a[nn, nn - 1]) + Math.Abs(a[nn - 1, nn - 2]);
                            y = x = 0.75 * s;
                            w = -0.4375 * s * s;
                        }

                        ++its;
                        int m;
                        for (m = nn - 2; m >= l; m--)
                        {
                            z = a[m, m];
                            r = x - z;
                            s = y - z;
                            p = (((r * s) - w) / a[m + 1, m]) + a[m, m + 1];
                            q = a[m + 1, m + 1] - z - r - s;
                            r = a[m + 2, m + 1];
                            s = Math.Abs(p) + Math.Abs(q) + Math.Abs(r);
                            p /= s;
                            q /= s;
                            r /= s;
                            if (m == l)
                            {
                                break;
                            }

                            var u = Math.Abs(a[m, m - 1]) * (Math.Abs(q) + Math.Abs(r));
                            var v = Math.Abs(p) * (Math.Abs(a[m - 1, m - 1]) + Math.Abs(z) + Math.Abs(a[m + 1, m + 1]));
                            if (u + v == v)
                            {
                                break;
                            }
                        }

                        for (var i = m + 2; i <= nn; i++)
                        {
                            a[i, i - 2] = 0;
                            if (i != m + 2)
                            {
                                a[i, i - 3] = 0;
                            }
                        }

                        // The double QR step on rows l..nn and columns m..nn.
                        for (var k = m; k <= nn - 1; k++)
                        {
                            if (k != m)
                            {
                                p = a[k, k - 1];
                                q = a[k + 1, k - 1];
                                r = 0;
                                if (k != nn - 1)
                                {
                                    r = a[k + 2, k - 1];
                                }

                                if ((x = Math.Abs(p) + Math.Abs(q) + Math.Abs(r)) != 0)
                                {
                                    p /= x;
                                    q /= x;
                                    r /= x;
                                }
                            }

                            var norm = Math.Sqrt((p * p) + (q * q) + (r * r));
                            if ((s = p >= 0 ? norm : -norm) != 0)
                            {
                                if (k == m)
                                {
                                    if (l != m)
                                    {
                                        a[k, k - 1] = -a[k, k - 1];
                                    }
                                }
                                else
                                {
                                    a[k, k - 1] = -s * x;
                                }

                                p += s;
                                x = p / s;
                                y = q / s;
                                z = r / s;
                                q /= p;
                                r /= p;
                                for (var j = k; j <= nn; j++)
                                {
                                    p = a[k, j] + (q * a[k + 1, j]);
                                    if (k != nn - 1)
                                    {
                                        p += r * a[k + 2, j];
                                        a[k + 2, j] -= p * z;
                                    }

                                    a[k + 1, j] -= p * y;
                                    a[k, j] -= p * x;
                                }

                                var mmin = nn < k + 3 ? nn : k + 3;
                                for (var i = l; i <= mmin; i++)
                                {
                                    p = (x * a[i, k]) + (y * a[i, k + 1]);
                                    if (k != nn - 1)
                                    {
                                        p += z * a[i, k + 2];
                                        a[i, k + 2] -= p * r;
                                    }

                                    a[i, k + 1] -= p * q;
                                    a[i, k] -= p;
                                }
                            }
                        }
                    }
                }
            }
            while (l < nn - 1);
        }
    }
}
