using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Optim;

public sealed class OptimizerUpdateTests
{
    /// <summary>Runs <paramref name="optimizer"/> on one parameter with a constant gradient and returns the values after each step.</summary>
    private static double[] Trajectory(Func<Tensor, Optimizer> optimizer, double start, double gradient, int steps, DType dtype)
    {
        var p = Tensor.Full([1], start, dtype).RequireGrad();
        p.Grad = Tensor.Full([1], gradient, dtype);
        var opt = optimizer(p);
        var values = new double[steps];
        for (var t = 0; t < steps; t++)
        {
            opt.Step();
            values[t] = p.ToDoubleArray()[0];
        }

        return values;
    }

    private static double Tolerance(DType dtype) => dtype == DType.Float32 ? 2e-6 : 1e-12;

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void SgdMomentumByHand(DType dtype)
    {
        // buf: 1, 0.9 + 1 = 1.9, 1.71 + 1 = 2.71; p: 1 - 0.1, 0.9 - 0.19, 0.71 - 0.271.
        TestData.AssertClose([0.9, 0.71, 0.439], Tensor.FromArray(Trajectory(p => new SGD([p], 0.1, momentum: 0.9), 1, 1, 3, dtype)), Tolerance(dtype));

        // The first buffer is the raw gradient; dampening applies from the second step: buf = 0.9 + 0.5.
        TestData.AssertClose([0.9, 0.76], Tensor.FromArray(Trajectory(p => new SGD([p], 0.1, momentum: 0.9, dampening: 0.5), 1, 1, 2, dtype)), Tolerance(dtype));

        // Nesterov: d = g + 0.9 buf = 1.9, then 1 + 0.9 * 1.9 = 2.71.
        TestData.AssertClose([0.81, 0.539], Tensor.FromArray(Trajectory(p => new SGD([p], 0.1, momentum: 0.9, nesterov: true), 1, 1, 2, dtype)), Tolerance(dtype));

        // Weight decay 0.5 adds 0.5 p to the gradient: d = 1 + 0.5 = 1.5, then 1 + 0.5 * 0.85.
        TestData.AssertClose([0.85, 0.7075], Tensor.FromArray(Trajectory(p => new SGD([p], 0.1, weightDecay: 0.5), 1, 1, 2, dtype)), Tolerance(dtype));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void CourseMomentumByHand(DType dtype)
    {
        // λ = 0.5, η = 0.1, dE/dw = 2: v = -1, -1.5, -1.75; w = 0.9, 0.75, 0.575.
        TestData.AssertClose([0.9, 0.75, 0.575], Tensor.FromArray(Trajectory(p => new CourseMomentum([p], 0.1, momentum: 0.5), 1, 2, 3, dtype)), Tolerance(dtype));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void AdamByHand(DType dtype)
    {
        // With a constant gradient the bias-corrected m̂/√v̂ is exactly sign(g), so each step moves lr
        // (less a hair for eps: 0.1 · 0.5 / (0.5 + 1e-8)).
        var eps = 0.1 * (1 - (0.5 / (0.5 + 1e-8)));
        TestData.AssertClose([0.9 + eps, 0.8 + (2 * eps), 0.7 + (3 * eps)], Tensor.FromArray(Trajectory(p => new Adam([p], 0.1), 1, 0.5, 3, dtype)), Tolerance(dtype));

        // AdamW first shrinks p by 1 - lr · wd = 0.999: 0.999 - 0.1, then 0.899 · 0.999 - 0.1.
        TestData.AssertClose([0.899, 0.798101], Tensor.FromArray(Trajectory(p => new AdamW([p], 0.1, eps: 0), 1, 0.5, 2, dtype)), Tolerance(dtype));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void RmsPropAndAdaGradByHand(DType dtype)
    {
        // RMSProp, g = 1: s = 0.01, then 0.0199; p = 1 - 0.01 / 0.1, then - 0.01 / √0.0199.
        TestData.AssertClose([0.9, 0.9 - (0.01 / Math.Sqrt(0.0199))], Tensor.FromArray(Trajectory(p => new RMSProp([p], eps: 0), 1, 1, 2, dtype)), Tolerance(dtype));

        // AdaGrad, g = 1: sum = 1, 2; p = 1 - 0.01, then - 0.01 / √2; from an accumulator of 1: sum = 2.
        TestData.AssertClose([0.99, 0.99 - (0.01 / Math.Sqrt(2))], Tensor.FromArray(Trajectory(p => new AdaGrad([p], eps: 0), 1, 1, 2, dtype)), Tolerance(dtype));
        TestData.AssertClose([1 - (0.01 / Math.Sqrt(2))], Tensor.FromArray(Trajectory(p => new AdaGrad([p], initialAccumulatorValue: 1, eps: 0), 1, 1, 1, dtype)), Tolerance(dtype));
    }

    /// <summary>
    /// Three steps over a tiny parameter (scalar tail only) and a 37-element one (vector body and tail),
    /// against the scalar reference.
    /// </summary>
    [Theory]
    [MemberData(nameof(OptimizerCases.NamesAndTypes), MemberType = typeof(OptimizerCases))]
    public void MatchesScalarReference(string name, DType dtype)
    {
        var c = OptimizerCases.Get(name);
        int[] sizes = [3, 37];
        var ps = sizes.Select(n => Tensor.FromArray(Enumerable.Range(0, n).Select(OptimizerCases.Initial).ToArray(), n).To(dtype).RequireGrad()).ToArray();
        var refs = sizes.Select(_ => c.Reference()).ToArray();
        var expected = sizes.Select(n => Enumerable.Range(0, n).Select(OptimizerCases.Initial).ToArray()).ToArray();
        var optimizer = c.Create(ps);
        for (var t = 0; t < 3; t++)
        {
            for (var k = 0; k < ps.Length; k++)
            {
                var g = Enumerable.Range(0, sizes[k]).Select(i => OptimizerCases.Gradient(i + k, t)).ToArray();
                ps[k].Grad = Tensor.FromArray(g, sizes[k]).To(dtype);

                // The reference sees the gradient as rounded to the parameter's type.
                refs[k].Step(expected[k], ps[k].Grad!.ToDoubleArray());
            }

            optimizer.Step();
        }

        for (var k = 0; k < ps.Length; k++)
        {
            TestData.AssertClose(expected[k], ps[k], dtype == DType.Float32 ? 2e-5 : 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(OptimizerCases.Names), MemberType = typeof(OptimizerCases))]
    public void SkipsParametersWithoutGradientOrFrozen(string name)
    {
        var withGrad = Tensor.Ones([4]).RequireGrad();
        var noGrad = Tensor.Ones([4]).RequireGrad();
        var frozen = Tensor.Ones([4]).RequireGrad();
        withGrad.Grad = Tensor.Full([4], 0.5);
        frozen.Grad = Tensor.Full([4], 0.5);
        frozen.RequiresGrad = false;
        var optimizer = OptimizerCases.Get(name).Create([withGrad, noGrad, frozen]);
        optimizer.Step();

        Assert.NotEqual(1f, withGrad.ToArray()[0]);
        Assert.Equal([1f, 1f, 1f, 1f], noGrad.ToArray());
        Assert.Equal([1f, 1f, 1f, 1f], frozen.ToArray());
        Assert.NotNull(optimizer.GetState(0));
        Assert.Null(optimizer.GetState(1));
        Assert.Null(optimizer.GetState(2));
    }

    [Fact]
    public void GroupsHaveTheirOwnLearningRateAndDecay()
    {
        var a = Tensor.Ones([2]).RequireGrad();
        var b = Tensor.Ones([2]).RequireGrad();
        a.Grad = Tensor.Ones([2]);
        b.Grad = Tensor.Ones([2]);
        var optimizer = new SGD([new ParameterGroup([a], learningRate: 0.5), new ParameterGroup([b], weightDecay: 1)], learningRate: 0.1);

        optimizer.Step();

        Assert.Equal([0.5f, 0.5f], a.ToArray());
        Assert.Equal([0.8f, 0.8f], b.ToArray());
        Assert.Equal(0.5, optimizer.LearningRate);
        optimizer.LearningRate = 0.01;
        Assert.All(optimizer.ParameterGroups, g => Assert.Equal(0.01, g.LearningRate));
    }

    [Fact]
    public void RejectsDuplicatesViewsAndBadHyperparameters()
    {
        var p = Tensor.Ones([2, 3]).RequireGrad();
        Assert.Throws<ArgumentException>(() => new SGD([p, p]));
        Assert.Throws<ArgumentException>(() => new SGD([p.Detach().Transpose(0, 1)]));
        Assert.Throws<ArgumentException>(() => new SGD([p], momentum: 0, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], beta1: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([p], learningRate: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CourseMomentum([p], 0.1, momentum: 1.5));
    }

    [Fact]
    public void ZeroGradKeepsTheBuffers()
    {
        var p = Tensor.Ones([3]).RequireGrad();
        var grad = Tensor.Ones([3]);
        p.Grad = grad;
        var optimizer = new SGD([p]);

        optimizer.ZeroGrad();

        Assert.Same(grad, p.Grad);
        Assert.Equal([0f, 0f, 0f], grad.ToArray());
    }

    [Fact]
    public void TrainsThroughBackward()
    {
        // Minimise (w - 3)² with Adam through the autograd engine.
        var w = Tensor.Zeros([1], DType.Float64).RequireGrad();
        var optimizer = new Adam([w], learningRate: 0.1);
        for (var i = 0; i < 500; i++)
        {
            optimizer.ZeroGrad();
            var loss = ((w - 3) * (w - 3)).Sum();
            loss.Backward();
            optimizer.Step();
        }

        Assert.Equal(3.0, w.ToDoubleArray()[0], 3);
    }
}
