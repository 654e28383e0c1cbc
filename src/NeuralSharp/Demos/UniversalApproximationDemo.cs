namespace NeuralSharp.Demos;

/// <summary>One fit of <see cref="UniversalApproximationDemo"/>.</summary>
/// <param name="Units">The number of ReLU units n.</param>
/// <param name="MeanSquaredError">The mean squared error over the sample points.</param>
/// <param name="MaxError">The largest absolute error over the sample points.</param>
/// <param name="Prediction">The fitted function at each sample point.</param>
public sealed record UniversalFit(int Units, double MeanSquaredError, double MaxError, double[] Prediction);

/// <summary>The target and every fit of <see cref="UniversalApproximationDemo"/>.</summary>
/// <param name="X">The sample points on [-2, 2].</param>
/// <param name="Target">The target function at each point.</param>
/// <param name="Fits">One fit per number of units, 1, 2, 4, ....</param>
public sealed record UniversalApproximationResult(double[] X, double[] Target, IReadOnlyList<UniversalFit> Fits);

/// <summary>
/// The universal approximation theorem in one dimension: f(x) = c + sum_i w_i ReLU(x + b_i) is piecewise
/// linear with a kink at each -b_i, so with enough units it follows any continuous curve. The hidden biases
/// b_i are drawn at random (the first n of one sequence of draws, so each network contains the smaller
/// ones), and the output weights w_i and c are the least-squares best for them; the error can therefore
/// only fall as units are added, and it falls roughly as 1/n^2, the rate of piecewise-linear interpolation.
/// </summary>
public static class UniversalApproximationDemo
{
    /// <summary>The smooth target: sin(2x) + 0.3 x^2 on [-2, 2].</summary>
    public static double Target(double x) => Math.Sin(2 * x) + (0.3 * x * x);

    /// <summary>Fits networks of 1, 2, 4, ..., <paramref name="maxUnits"/> units to <paramref name="points"/> evenly spaced samples of <see cref="Target"/>.</summary>
    public static UniversalApproximationResult Run(int maxUnits = 64, int points = 200, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUnits, 1);
        var x = Enumerable.Range(0, points).Select(i => -2 + (4.0 * i / (points - 1))).ToArray();
        var y = x.Select(Target).ToArray();
        var g = new Generator(seed);

        // Kinks at -b_i, spread over the interval.
        var biases = Enumerable.Range(0, maxUnits).Select(_ => -(-2 + (4 * g.NextDouble()))).ToArray();
        var fits = new List<UniversalFit>();
        for (var n = 1; n <= maxUnits; n *= 2)
        {
            var prediction = Fit(x, y, biases[..n]);
            var errors = prediction.Select((p, i) => p - y[i]).ToArray();
            fits.Add(new UniversalFit(n, errors.Average(e => e * e), errors.Max(Math.Abs), prediction));
        }

        return new UniversalApproximationResult(x, y, fits);
    }

    /// <summary>
    /// The least-squares output layer for hidden units ReLU(x + b_i): the features [1, ReLU(x + b_1), ...]
    /// computed with the library's tensors, then (F^T F + eps I) [c, w] = F^T y. Returns the fit at each x.
    /// </summary>
    public static double[] Fit(double[] x, double[] y, double[] biases)
    {
        var hidden = (Tensor.FromArray(x, x.Length, 1) + Tensor.FromArray(biases, 1, biases.Length)).Relu();
        var features = Tensor.Concat([Tensor.Ones([x.Length, 1], DType.Float64), hidden], dim: 1);
        var k = biases.Length + 1;
        var gram = (features.T.MatMul(features) + (Tensor.Eye(k, DType.Float64) * 1e-10)).ToDoubleArray();
        var rhs = features.T.MatMul(Tensor.FromArray(y, y.Length, 1)).ToDoubleArray();
        var coefficients = OverfittingDemo.Solve(gram, rhs, k);
        return features.MatMul(Tensor.FromArray(coefficients, k, 1)).ToDoubleArray();
    }
}
