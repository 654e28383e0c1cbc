using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Autograd;

/// <summary>Every primitive operation's gradient against central finite differences (in float64), and composites of them.</summary>
public class PrimitiveGradientTests
{
    public static TheoryData<string> Cases => OpCases.Names();

    /// <summary>Every element-wise kind and every other op class, from the table that <see cref="OpCoverageTests"/> checks is complete.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryPrimitive(string name)
    {
        var c = OpCases.Get(name);
        var check = c.Check(c.F, c.Inputs);
        Assert.True(check.Passed, check.Message);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    public void FusedActivationDerivativesMatchTheirComposition(string name)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = (Randn(4, 37) * 3.0).To(dtype).RequireGrad();
            var g = Seeded(6, 4, 37).To(dtype);
            var y = name switch { "relu" => x.Relu(), "sigmoid" => x.Sigmoid(), _ => x.Tanh() };
            y.Backward(g);
            var yd = y.Detach();
            var composed = name switch
            {
                "relu" => g * x.Detach().Gt(0.0),
                "sigmoid" => g * yd * (1.0 - yd),
                _ => g * (1.0 - (yd * yd)),
            };
            TestData.AssertClose(composed.ToDoubleArray(), x.Grad!, dtype == DType.Float32 ? 1e-6 : 1e-14);
        }
    }

    [Fact]
    public void ScalarOperators() =>
        AssertGradients(xs => (2.0 - (xs[0] * 3.0)) / 4.0 + (1.0 / xs[0]), Positive(5));

    [Fact]
    public void MatMul()
    {
        AssertGradients(xs => xs[0].MatMul(xs[1]), Randn(3, 4), Randn(1, 4, 2));
        AssertGradients(xs => xs[0].MatMul(xs[1]), Randn(2, 2, 3), Randn(3, 5));
        AssertGradients(xs => xs[0].MatMul(xs[1].T), Randn(2, 3), Randn(4, 3));
        AssertGradients(xs => xs[0].MatMul(xs[1]), Randn(3), Randn(3, 2));
        AssertGradients(xs => xs[0].MatMul(xs[1]), Randn(2, 3), Randn(3));
    }

    [Fact]
    public void FusedLinearMatchesItsCompositionAndGradients()
    {
        var (x, w, b) = (Randn(4, 3), Randn(2, 3), Randn(2));
        TestData.AssertClose((x.MatMul(w.T) + b).ToDoubleArray(), Tensor.Linear(x, w, b), 1e-12);
        TestData.AssertClose(x.MatMul(w.T).ToDoubleArray(), Tensor.Linear(x, w), 1e-12);
        var xf = x.Float();
        TestData.AssertClose((xf.MatMul(w.Float().T) + b.Float()).ToDoubleArray(), Tensor.Linear(xf, w.Float(), b.Float()), 1e-5);
        AssertGradients(xs => Tensor.Linear(xs[0], xs[1], xs[2]), x, w, b);
        AssertGradients(xs => Tensor.Linear(xs[0], xs[1]), Randn(2, 4, 3), w);
        var e = Assert.Throws<ArgumentException>(() => Tensor.Linear(Randn(4, 5), w, b));
        Assert.Contains("linear: input [4, 5] does not match weight [2, 3]", e.Message);
    }

    [Fact]
    public void Reductions()
    {
        AssertGradients(xs => xs[0].Sum(), Randn(2, 3));
        AssertGradients(xs => xs[0].Sum(1), Randn(2, 3, 4));
        AssertGradients(xs => xs[0].Sum([0, 2], keepDim: true), Randn(2, 3, 4));
        AssertGradients(xs => xs[0].Mean(0), Randn(2, 3));
        AssertGradients(xs => xs[0].Max(1), Randn(3, 5));
        AssertGradients(xs => xs[0].Max(0, keepDim: true), Randn(4, 2, 3));
        AssertGradients(xs => xs[0].LogSumExp(1), Randn(3, 4));
        AssertGradients(xs => xs[0].Var(0), Randn(5, 2));
    }

    [Fact]
    public void ShapeOperations()
    {
        AssertGradients(xs => xs[0].Reshape(6, 2) * Seeded(9, 6, 2), Randn(3, 4));
        AssertGradients(xs => xs[0].Permute(2, 0, 1) * Seeded(8, 4, 2, 3), Randn(2, 3, 4));
        AssertGradients(xs => xs[0].Narrow(1, 1, 2) * Seeded(7, 3, 2), Randn(3, 4));
        AssertGradients(xs => xs[0].Expand(3, 4) * Seeded(6, 3, 4), Randn(1, 4));
        AssertGradients(xs => Tensor.Concat([xs[0], xs[1]], 1) * Seeded(5, 2, 5), Randn(2, 2), Randn(2, 3));
        AssertGradients(xs => Tensor.Stack([xs[0], xs[1]], 0) * Seeded(4, 2, 3), Randn(3), Randn(3));
        AssertGradients(xs => xs[0].IndexSelect(0, [2, 0, 2]) * Seeded(3, 3, 2), Randn(3, 2));
        AssertGradients(xs => xs[0].Gather(1, [2, 0, 1]), Randn(3, 4));
        AssertGradients(xs => xs[0].T.Contiguous() * Seeded(2, 3, 2), Randn(2, 3));
    }

    [Fact]
    public void AWrongGradientIsCaught()
    {
        // A sanity check of the checker itself: a function whose backward is deliberately wrong.
        var result = NeuralSharp.Autograd.GradCheck.Check(xs => xs[0].Square() + xs[0].Detach(), [Randn(3)]);
        Assert.False(result.Passed);
        Assert.Contains("analytic", result.Message);
    }
}
