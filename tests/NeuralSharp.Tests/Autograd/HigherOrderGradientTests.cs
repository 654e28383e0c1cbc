using NeuralSharp.Autograd;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Autograd;

/// <summary>Gradients of gradients (createGraph) and the functional <see cref="Gradients.Of(Tensor, Tensor, Tensor?, bool, bool, bool)"/>.</summary>
public class HigherOrderGradientTests
{
    [Fact]
    public void HessianVectorProductOfASumOfCubes()
    {
        // f(x) = sum x^3: grad = 3 x^2, H = diag(6 x), so H v = 6 x v.
        var x = Randn(5).RequireGrad();
        var v = Seeded(3, 5);
        var g = Gradients.Of((x * x * x).Sum(), x, createGraph: true);
        Assert.True(g.RequiresGrad);
        var hv = Gradients.Of((g * v).Sum(), x);
        AssertClose((6.0 * x.Detach() * v).ToDoubleArray(), hv, 1e-12);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void HessianVectorProductOfAQuadraticForm()
    {
        // f(x) = x^T A x: H = A + A^T.
        var a = Randn(4, 4);
        var x = Seeded(2, 4).RequireGrad();
        var v = Seeded(3, 4);
        var g = Gradients.Of(x.MatMul(a.MatMul(x)), x, createGraph: true);
        var hv = Gradients.Of((g * v).Sum(), x);
        AssertClose((a + a.T).MatMul(v).ToDoubleArray(), hv, 1e-12);
    }

    [Fact]
    public void BackwardWithCreateGraphGivesGradientsThatCanBeDifferentiated()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequireGrad();
        (x * x * x).Sum().Backward(createGraph: true);
        var first = x.Grad!;
        Assert.True(first.RequiresGrad);
        AssertClose([3, 12], first, 1e-12);

        // The graph-carrying gradient is replaced by a new sum, never changed in place.
        first.Sum().Backward(createGraph: true); // adds d(sum 3x^2)/dx = 6x
        Assert.NotSame(first, x.Grad);
        AssertClose([3, 12], first, 1e-12);
        AssertClose([9, 24], x.Grad!, 1e-12);

        x.ZeroGrad();
        AssertClose([0, 0], x.Grad!, 0);
        Assert.False(x.Grad!.RequiresGrad);
        AssertClose([3, 12], first, 1e-12);
    }

    [Fact]
    public void AGradientPenaltyIsDifferentiatedThroughToTheWeights()
    {
        // The penalty of WGAN-GP: || d D(x) / dx ||^2 with D a small network; its gradient with respect
        // to D's weights goes through the backward pass of D.
        static Tensor Penalty(Tensor w1, Tensor b1, Tensor w2, Tensor x)
        {
            using (GradMode.EnableGrad())
            {
                var xs = x.Detach().RequireGrad();
                var d = Tensor.Linear(Tensor.Linear(xs, w1, b1).Tanh(), w2).Sigmoid().Sum();
                var dx = Gradients.Of(d, xs, createGraph: true);
                return (dx.Square().Sum(1) - 1.0).Square().Mean();
            }
        }

        var x = Seeded(11, 4, 3);
        var check = GradCheck.Check(ws => Penalty(ws[0], ws[1], ws[2], x), [Randn(5, 3), Randn(5), Randn(1, 5)]);
        Assert.True(check.Passed, check.Message);

        // And through Backward, as a training step would use it.
        var w1 = Randn(5, 3).RequireGrad();
        var b1 = Randn(5).RequireGrad();
        var w2 = Randn(1, 5).RequireGrad();
        Penalty(w1, b1, w2, x).Backward();
        Assert.NotNull(w1.Grad);
        Assert.NotNull(b1.Grad);
        Assert.NotNull(w2.Grad);
    }

    [Fact]
    public void GradientsOfLeavesNoGradIsTouched()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0]).RequireGrad();
        var w = Tensor.FromArray([0.5, -1.0, 2.0]).RequireGrad();
        var y = (x * w).Sum();
        var grads = Gradients.Of([y], [x, w], retainGraph: true);
        AssertClose([0.5, -1, 2], grads[0], 0);
        AssertClose([1, 2, 3], grads[1], 0);
        Assert.Null(x.Grad);
        Assert.Null(w.Grad);

        // Retained: the same graph can still be differentiated (and then freed).
        AssertClose([0.5, -1, 2], Gradients.Of(y, x), 0);
        Assert.Contains("freed", Assert.Throws<InvalidOperationException>(() => Gradients.Of(y, x)).Message);
    }

    [Fact]
    public void GradientsWithRespectToAnIntermediateResultIncludeEveryPath()
    {
        // z = h^2 + x with h = 3x: dz/dh = 2h, dz/dx = 3 * 2h + 1.
        var x = Tensor.FromArray([1.0, -2.0]).RequireGrad();
        var h = x * 3.0;
        var z = (h.Square() + x).Sum();
        var grads = Gradients.Of([z], [h, x]);
        AssertClose([6, -12], grads[0], 1e-12);
        AssertClose([19, -35], grads[1], 1e-12);
    }

    [Fact]
    public void SeveralOutputsAreWeightedBySeveralGradients()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequireGrad();
        var (a, b) = (x * 2.0, x.Square());
        var g = Gradients.Of([a, b], [x], [Tensor.FromArray([1.0, 10.0]), Tensor.FromArray([100.0, 1000.0])])[0];
        AssertClose([2 + 200, 20 + 4000], g, 1e-12);
        var e = Assert.Throws<ArgumentException>(() => Gradients.Of([a, b], [x]));
        Assert.Contains("grad: output 0 has shape [2]", e.Message);
    }

    [Fact]
    public void AnUnusedInputThrowsUnlessAllowed()
    {
        var x = Tensor.FromArray([1.0]).RequireGrad();
        var unused = Tensor.FromArray([1.0, 2.0]).RequireGrad();
        var y = (x * 2.0).Sum();
        var e = Assert.Throws<InvalidOperationException>(() => Gradients.Of([y], [x, unused], retainGraph: true));
        Assert.Contains("input 1 (shape [2]) is not used", e.Message);
        var grads = Gradients.Of([y], [x, unused], allowUnused: true);
        AssertClose([2], grads[0], 0);
        AssertClose([0, 0], grads[1], 0);
        Assert.Throws<ArgumentException>(() => Gradients.Of(y, Tensor.FromArray([1.0])));
    }

    [Fact]
    public void TheBackwardPassIsRecordedOnlyWithCreateGraph()
    {
        var x = Tensor.FromArray([0.3, -0.7]).RequireGrad();
        Assert.False(Gradients.Of(x.Tanh().Sum(), x).RequiresGrad);
        Assert.True(Gradients.Of(x.Tanh().Sum(), x, createGraph: true).RequiresGrad);
    }

    [Fact]
    public void TheWorkListsAreReusedBetweenPasses()
    {
        var x = Randn(3).RequireGrad();
        (x.Exp() * x).Sum().Backward();
        var created = BackwardEngine.WorkspacesCreated;
        for (var i = 0; i < 5; i++)
        {
            (x.Exp() * x).Sum().Backward();
            _ = Gradients.Of(x.Sigmoid().Sum(), x);
        }

        Assert.Equal(created, BackwardEngine.WorkspacesCreated);
    }

    [Fact]
    public void ThirdDerivativesChainThreePasses()
    {
        // The third derivative of sum(x^4) is 24 x: each pass differentiates the graph the previous one
        // recorded, and the gradient check differentiates the third once more (a fourth order).
        static Tensor Third(Tensor x)
        {
            using (GradMode.EnableGrad())
            {
                var g1 = Gradients.Of(x.Square().Square().Sum(), x, createGraph: true);
                var g2 = Gradients.Of(g1.Sum(), x, createGraph: true);
                return Gradients.Of(g2.Sum(), x, createGraph: true);
            }
        }

        var x = Randn(4).RequireGrad();
        AssertClose((24.0 * x.Detach()).ToDoubleArray(), Third(x), 1e-10);
        var check = GradCheck.Check(Third, Randn(4));
        Assert.True(check.Passed, check.Message);
    }

    [Fact]
    public void ABackwardPassRunInsideAnotherGetsFreshWorkListsAndLeavesTheOuterOneIntact()
    {
        var x = Tensor.FromArray([1.0, 2.0]).RequireGrad();
        _ = Gradients.Of(x.Sum(), x); // this thread's work lists now exist
        var before = BackwardEngine.WorkspacesCreated;
        Tensor? inner = null;
        var y = NestedOp.Apply(x.Square(), () =>
        {
            using (GradMode.EnableGrad()) // the outer pass runs without recording
            {
                var w = Tensor.FromArray([3.0]).RequireGrad();
                var g = Gradients.Of((w * w * w).Sum(), w, createGraph: true);
                inner = Gradients.Of(g.Sum(), w); // 6 w
            }
        });
        var outer = Gradients.Of((y * Tensor.FromArray([1.0, 10.0])).Sum(), x);
        AssertClose([18], inner!, 1e-12);
        AssertClose([2, 40], outer, 1e-12);
        Assert.Equal(before + 1, BackwardEngine.WorkspacesCreated); // one set for the nested passes, reused by both

        _ = Gradients.Of(x.Sum(), x);
        Assert.Equal(before + 1, BackwardEngine.WorkspacesCreated);
    }

    /// <summary>The identity, whose backward pass runs a callback first: a backward pass inside a backward pass.</summary>
    private sealed class NestedOp(Action onBackward) : Op
    {
        public override string Name => "nested";

        public static Tensor Apply(Tensor x, Action onBackward) => Record(new NestedOp(onBackward), x.Detach().Clone(), x);

        protected internal override Tensor?[] Backward(Tensor gradOutput)
        {
            onBackward();
            return [gradOutput];
        }

        protected internal override Tensor ForwardTangent(Tensor[] inputTangents) => inputTangents[0];
    }

    [Fact]
    public void PassesOnSeveralThreadsAtOnceAgree()
    {
        var results = new double[8][];
        Parallel.For(0, results.Length, i =>
        {
            for (var rep = 0; rep < 20; rep++)
            {
                var x = Tensor.Full([6], 0.1 * (i + 1), DType.Float64).RequireGrad();
                var g = Gradients.Of((x * x * x).Sum(), x, createGraph: true);
                results[i] = Gradients.Of(g.Sum(), x).ToDoubleArray();
            }
        });

        for (var i = 0; i < results.Length; i++)
        {
            Assert.All(results[i], v => Assert.Equal(6 * 0.1 * (i + 1), v, 12));
        }
    }
}
