using NeuralSharp.Nn;

namespace NeuralSharp.Autograd;

/// <summary>How one parameter's analytic gradient compared with central finite differences.</summary>
/// <param name="Name">The parameter's dotted name.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Checked">How many of its elements were checked (all, or a seeded sample).</param>
/// <param name="MaxAbsoluteError">The largest |analytic - numeric| seen.</param>
/// <param name="MaxRelativeError">The largest |analytic - numeric| / max(|analytic|, |numeric|, 1e-7) seen.</param>
/// <param name="Worst">The element with the largest relative error: its index and both values.</param>
public sealed record ParameterGradCheckResult(string Name, Shape Shape, int Checked, double MaxAbsoluteError, double MaxRelativeError, string Worst)
{
    /// <summary>The relative error above which a gradient is reported wrong: far above float64 differencing noise, far below a wrong formula.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>True when every checked element agreed within <see cref="Tolerance"/>.</summary>
    public bool Passed => MaxRelativeError <= Tolerance;
}

/// <summary>
/// Checks a whole network's parameter gradients in float64 against central finite differences (PyTorch's
/// <c>gradcheck</c> applied to a model), the way to test a custom layer or find a wrong backward.
/// </summary>
public static class ParameterGradCheck
{
    /// <summary>
    /// Compares, for each parameter of a float64 copy of <paramref name="model"/> in evaluation mode, the gradient of
    /// sum(model(input) * w), w a fixed random weighting, with (F(p + h) - F(p - h)) / 2h element by element.
    /// </summary>
    /// <param name="model">The network; it is not changed (a copy is checked).</param>
    /// <param name="input">A batch of inputs the network takes.</param>
    /// <param name="maxElementsPerParameter">Parameters with more elements get a seeded random sample of this many.</param>
    /// <param name="seed">Seeds the output weighting and the samples.</param>
    /// <param name="h">The finite-difference step.</param>
    /// <returns>One result per parameter, in state-dict order.</returns>
    /// <remarks>
    /// Evaluation mode makes dropout the identity and batch normalisation use its running statistics, so that the
    /// function differenced is deterministic. A ReLU or max-pool whose input lies within h of its kink can give a single
    /// large error; a wrong formula gives large errors on most elements.
    /// </remarks>
    public static IReadOnlyList<ParameterGradCheckResult> Check(Module model, Tensor input, int maxElementsPerParameter = 32, int seed = 0, double h = 1e-6)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxElementsPerParameter, 1);
        var copy = model.Clone().Double().Eval();
        copy.Unfreeze();
        copy.ZeroGrad();
        var x = input.Detach().Double();
        Tensor weights;
        using (GradMode.EnableGrad())
        {
            var output = copy.Call(x);
            weights = Tensor.Rand(output.Shape, 0.5, 1.5, new Generator(seed), DType.Float64);
            (output * weights).Sum().Backward();
        }

        double Objective()
        {
            using (GradMode.NoGrad())
            {
                return (copy.Call(x) * weights).Sum().ItemAsDouble();
            }
        }

        var sampler = new Generator(seed + 1);
        var results = new List<ParameterGradCheckResult>();
        foreach (var (name, p) in copy.NamedParameters())
        {
            var analytic = p.Grad?.Contiguous().ToDoubleArray() ?? new double[p.Count];
            var elements = p.Count <= maxElementsPerParameter ? Enumerable.Range(0, p.Count).ToArray() : sampler.Permutation(p.Count)[..maxElementsPerParameter];
            Array.Sort(elements);
            double worstAbsolute = 0, worstRelative = 0;
            var worst = "all elements agree";
            foreach (var k in elements)
            {
                var at = StorageIndex(p, k);
                var original = p.Backend.GetElement(p, at);
                p.Backend.SetElement(p, at, original + h);
                var plus = Objective();
                p.Backend.SetElement(p, at, original - h);
                var minus = Objective();
                p.Backend.SetElement(p, at, original);
                var numeric = (plus - minus) / (2 * h);
                var absolute = Math.Abs(analytic[k] - numeric);
                var relative = absolute / Math.Max(1e-7, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
                if (double.IsNaN(relative))
                {
                    relative = absolute = double.PositiveInfinity;
                }

                worstAbsolute = Math.Max(worstAbsolute, absolute);
                if (relative > worstRelative)
                {
                    worstRelative = relative;
                    worst = $"element {k}: analytic {analytic[k]:G10}, numeric {numeric:G10}";
                }
            }

            results.Add(new ParameterGradCheckResult(name, p.Shape, elements.Length, worstAbsolute, worstRelative, worst));
        }

        return results;
    }

    /// <summary>The storage index of row-major element <paramref name="k"/> of a possibly strided tensor.</summary>
    private static int StorageIndex(Tensor t, int k)
    {
        var at = t.Offset;
        var dims = t.Shape.ToArray();
        for (var d = dims.Length - 1; d >= 0; d--)
        {
            at += k % dims[d] * t.Strides[d];
            k /= dims[d];
        }

        return at;
    }
}
