using NeuralSharp.Training;

namespace NeuralSharp.Demos;

/// <summary>
/// The demonstration of overfitting and model selection: polynomials of degree d fitted to a few
/// noisy samples of a smooth curve. As d grows the training error keeps falling, while the
/// leave-one-out error falls and then rises; cross-validation picks the d where it is lowest.
/// </summary>
public static class OverfittingDemo
{
    /// <summary>Runs the demonstration: <paramref name="points"/> noisy samples of sin(pi x) on [-1, 1], degrees 0 to <paramref name="maxDegree"/>.</summary>
    public static GridSearchResult<int> Run(int points = 20, int maxDegree = 12, double noise = 0.2, int seed = 1)
    {
        var g = new Generator(seed);
        var x = new double[points];
        var y = new double[points];
        for (var i = 0; i < points; i++)
        {
            x[i] = -1 + (2 * g.NextDouble());
            y[i] = Math.Sin(Math.PI * x[i]) + (noise * g.NextNormal());
        }

        var degrees = Enumerable.Range(0, maxDegree + 1).ToArray();
        return CrossValidation.GridSearch(degrees, CrossValidation.LeaveOneOut(points), (d, fold) =>
        {
            var w = FitPolynomial(d, fold.Train.Select(i => x[i]).ToArray(), fold.Train.Select(i => y[i]).ToArray());
            return (MeanSquaredError(w, fold.Train, x, y), MeanSquaredError(w, fold.Validation, x, y));
        });
    }

    /// <summary>
    /// Least squares on the features [1, x, ..., x^d] with the library's tensors: w = (X^T X + eps I)^-1 X^T y
    /// (a tiny ridge keeps high degrees solvable).
    /// </summary>
    public static double[] FitPolynomial(int degree, double[] x, double[] y)
    {
        var features = Features(degree, x);
        var gram = (features.T.MatMul(features) + (Tensor.Eye(degree + 1, DType.Float64) * 1e-9)).ToDoubleArray();
        var rhs = features.T.MatMul(Tensor.FromArray(y)).ToDoubleArray();
        return Solve(gram, rhs, degree + 1);
    }

    private static Tensor Features(int degree, double[] x)
    {
        var f = new double[x.Length * (degree + 1)];
        for (var i = 0; i < x.Length; i++)
        {
            for (var p = 0; p <= degree; p++)
            {
                f[(i * (degree + 1)) + p] = Math.Pow(x[i], p);
            }
        }

        return Tensor.FromArray(f, x.Length, degree + 1);
    }

    private static double MeanSquaredError(double[] w, int[] indices, double[] x, double[] y) =>
        indices.Average(i =>
        {
            var prediction = w.Select((wp, p) => wp * Math.Pow(x[i], p)).Sum();
            return (prediction - y[i]) * (prediction - y[i]);
        });

    /// <summary>Gaussian elimination with partial pivoting on a small dense system.</summary>
    internal static double[] Solve(double[] a, double[] b, int n)
    {
        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(a[(r * n) + col]));
            for (var k = 0; k < n; k++)
            {
                (a[(col * n) + k], a[(pivot * n) + k]) = (a[(pivot * n) + k], a[(col * n) + k]);
            }

            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (var r = col + 1; r < n; r++)
            {
                var factor = a[(r * n) + col] / a[(col * n) + col];
                for (var k = col; k < n; k++)
                {
                    a[(r * n) + k] -= factor * a[(col * n) + k];
                }

                b[r] -= factor * b[col];
            }
        }

        var w = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var s = b[r];
            for (var k = r + 1; k < n; k++)
            {
                s -= a[(r * n) + k] * w[k];
            }

            w[r] = s / a[(r * n) + r];
        }

        return w;
    }
}
