namespace NeuralSharp.Autograd;

/// <summary>The outcome of a gradient check: the worst disagreement found, and where.</summary>
/// <param name="Passed">True when every analytic derivative agreed with its finite-difference estimate.</param>
/// <param name="MaxError">The largest |analytic - numeric| / (atol/rtol + rtol |numeric|) ratio seen; below 1 passes.</param>
/// <param name="Message">A description of the worst element: which input, which index, both values.</param>
public sealed record GradCheckResult(bool Passed, double MaxError, string Message);

/// <summary>
/// Checks analytic gradients against central finite differences, like PyTorch's <c>gradcheck</c>:
/// users can run it on their own functions and layers.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Compares, for every element of every input, the reverse-mode gradient of sum(f(inputs) * w) (w a
    /// fixed random weighting, so every output element counts) with (F(x + h) - F(x - h)) / 2h.
    /// </summary>
    /// <remarks>
    /// Inputs are converted to float64 first. Central differences have truncation error O(h^2 f''') and
    /// rounding error O(eps |F| / h); with eps ~ 1e-16 and h = 1e-6 both are near 1e-10 for smooth
    /// functions of moderate size, so an absolute tolerance of 1e-5 plus a relative 1e-3 leaves room for
    /// kinks (ReLU, max) sampled away from their corners but catches any wrong formula, whose error is
    /// of the size of the gradient itself.
    /// </remarks>
    public static GradCheckResult Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double h = 1e-6, double atol = 1e-5, double rtol = 1e-3, int seed = 0)
    {
        var xs = inputs.Select(x => x.Detach().Double().Clone().RequireGrad()).ToArray();
        Tensor output;
        using (GradMode.EnableGrad())
        {
            output = f(xs);
        }

        var weights = Tensor.Rand(output.Shape, 0.5, 1.5, new Generator(seed), DType.Float64);
        double Scalarised(Tensor[] args)
        {
            using (GradMode.NoGrad())
            {
                return (f(args).Double() * weights).Sum().ItemAsDouble();
            }
        }

        using (GradMode.EnableGrad())
        {
            (output.Double() * weights).Sum().Backward();
        }

        var worst = 0.0;
        var message = "all gradients match";
        for (var i = 0; i < xs.Length; i++)
        {
            var x = xs[i];
            var analytic = x.Grad ?? Tensor.ZerosLike(x);
            for (var k = 0; k < x.Count; k++)
            {
                var original = x.Backend.GetElement(x, x.Offset + k);
                x.Backend.SetElement(x, x.Offset + k, original + h);
                var plus = Scalarised(xs);
                x.Backend.SetElement(x, x.Offset + k, original - h);
                var minus = Scalarised(xs);
                x.Backend.SetElement(x, x.Offset + k, original);
                var numeric = (plus - minus) / (2 * h);
                var a = analytic.Backend.GetElement(analytic, analytic.Offset + k);
                var err = Math.Abs(a - numeric) / (atol + (rtol * Math.Abs(numeric)));
                if (double.IsNaN(err) || err > worst)
                {
                    worst = double.IsNaN(err) ? double.PositiveInfinity : err;
                    message = $"input {i}, element {k}: analytic {a:G10}, numeric {numeric:G10}";
                }
            }
        }

        return new GradCheckResult(worst <= 1.0, worst, message);
    }

    /// <summary>Convenience overload for a function of one tensor.</summary>
    public static GradCheckResult Check(Func<Tensor, Tensor> f, Tensor input, double h = 1e-6, double atol = 1e-5, double rtol = 1e-3) =>
        Check(xs => f(xs[0]), [input], h, atol, rtol);
}
