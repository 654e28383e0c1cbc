using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Losses;

/// <summary>
/// The quadratic cost and the mean squared error are one fused node (SquaredErrorOp) when reduced; these check it
/// against the composition of tensor operations it replaces: values, both inputs' gradients, the gradient of the
/// gradient, and forward mode.
/// </summary>
public class SquaredErrorFusionTests
{
    public static TheoryData<string, Reduction, DType> Cases()
    {
        var data = new TheoryData<string, Reduction, DType>();
        foreach (var name in new[] { "quadratic", "mse" })
        {
            foreach (var reduction in new[] { Reduction.Mean, Reduction.Sum })
            {
                foreach (var dtype in new[] { DType.Float32, DType.Float64 })
                {
                    data.Add(name, reduction, dtype);
                }
            }
        }

        return data;
    }

    /// <summary>The cases in float64 only: a second derivative of a float32 loss is too coarse to compare at 1e-13.</summary>
    public static TheoryData<string, Reduction, DType> DoubleCases()
    {
        var data = new TheoryData<string, Reduction, DType>();
        foreach (var name in new[] { "quadratic", "mse" })
        {
            foreach (var reduction in new[] { Reduction.Mean, Reduction.Sum })
            {
                data.Add(name, reduction, DType.Float64);
            }
        }

        return data;
    }

    private static Tensor Fused(string name, Tensor p, Tensor t, Reduction r) =>
        name == "quadratic" ? Loss.Quadratic(p, t, r) : Loss.MeanSquaredError(p, t, r);

    // The formulas written out: the quadratic cost sums each example's half squares and averages over examples; the
    // mean squared error averages over every element.
    private static Tensor Composed(string name, Tensor p, Tensor t, Reduction r)
    {
        var squares = (p - t).Square();
        if (name == "quadratic")
        {
            var perExample = (0.5 * squares).Sum(1);
            return r == Reduction.Mean ? perExample.Mean() : perExample.Sum();
        }

        return r == Reduction.Mean ? squares.Mean() : squares.Sum();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValueAndGradientsMatchTheComposition(string name, Reduction reduction, DType dtype)
    {
        var tolerance = dtype == DType.Float32 ? 1e-6 : 1e-13;
        var p = Seeded(1, 5, 7).To(dtype);
        var t = Seeded(2, 5, 7).To(dtype);
        var (pf, tf) = (p.Clone().RequireGrad(), t.Clone().RequireGrad());
        var (pc, tc) = (p.Clone().RequireGrad(), t.Clone().RequireGrad());
        var fused = Fused(name, pf, tf, reduction);
        var composed = Composed(name, pc, tc, reduction);
        fused.Backward();
        composed.Backward();

        Assert.Equal(0, fused.Rank);
        Assert.Equal(composed.ItemAsDouble(), fused.ItemAsDouble(), tolerance * Math.Abs(composed.ItemAsDouble()));
        AssertClose(pc.Grad!.ToDoubleArray(), pf.Grad!, tolerance);
        AssertClose(tc.Grad!.ToDoubleArray(), tf.Grad!, tolerance);
        AssertClose((-pf.Grad!).ToDoubleArray(), tf.Grad!, 0);
    }

    [Theory]
    [MemberData(nameof(DoubleCases))]
    public void SecondDerivativeMatchesTheComposition(string name, Reduction reduction, DType dtype)
    {
        Assert.Equal(DType.Float64, dtype);

        // d/dp of sum(grad * v) is the Hessian times v: a constant times v for a squared error, so a graph that lost
        // the dependence on p would give zeros here.
        var v = Seeded(3, 5, 7);
        Tensor HessianTimesV(Func<Tensor, Tensor, Reduction, Tensor> loss)
        {
            var p = Seeded(1, 5, 7).RequireGrad();
            var t = Seeded(2, 5, 7);
            var g = Gradients.Of(loss(p, t, reduction), p, createGraph: true);
            return Gradients.Of((g * v).Sum(), p);
        }

        var fused = HessianTimesV((p, t, r) => Fused(name, p, t, r));
        var composed = HessianTimesV((p, t, r) => Composed(name, p, t, r));
        Assert.True(fused.Abs().Max().ItemAsDouble() > 0);
        AssertClose(composed.ToDoubleArray(), fused, 1e-13);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardModeMatchesTheComposition(string name, Reduction reduction, DType dtype)
    {
        var tolerance = dtype == DType.Float32 ? 1e-5 : 1e-12;
        var t = Seeded(2, 5, 7).To(dtype);
        var x = Seeded(1, 5, 7).To(dtype);
        var v = Seeded(4, 5, 7).To(dtype);
        var (_, fused) = ForwardAD.Jvp(p => Fused(name, p, t, reduction), x, v);
        var (_, composed) = ForwardAD.Jvp(p => Composed(name, p, t, reduction), x, v);
        Assert.Equal(composed.ItemAsDouble(), fused.ItemAsDouble(), tolerance * Math.Max(1, Math.Abs(composed.ItemAsDouble())));
    }

    [Fact]
    public void GradientMatchesFiniteDifferencesInBothInputs()
    {
        var p = Seeded(1, 4, 3);
        var t = Seeded(2, 4, 3);
        AssertGradients(xs => Loss.Quadratic(xs[0], xs[1]), p, t);
        AssertGradients(xs => Loss.MeanSquaredError(xs[0], xs[1], Reduction.Sum), p, t);
    }
}
