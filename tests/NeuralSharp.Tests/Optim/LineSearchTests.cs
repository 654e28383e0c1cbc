using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Optim;

public sealed class LineSearchTests
{
    [Fact]
    public void KeepsTheBestStepOnAQuadratic()
    {
        // L(w) = Σ 2 (w − 1)²: ∇L = 4 (w − 1), so from w = 0 the step η lands at 4η; η = 0.25 hits the minimum.
        var w = Tensor.Zeros([3], DType.Float64).RequireGrad();
        var search = new LineSearch([w], [1.0, 0.5, 0.25, 0.1, 0.01]);
        Tensor Loss() => ((w - 1) * (w - 1) * 2).Sum();

        var result = search.Step(Loss);

        Assert.Equal(0.25, result.StepSize);
        Assert.Equal(6, result.LossBefore, 12);
        Assert.Equal(0, result.Loss, 12);
        TestData.AssertClose([1, 1, 1], w, 1e-12);
    }

    [Fact]
    public void KeepsTheBestOfImperfectCandidatesAndStaysPutWhenNoneHelps()
    {
        // From w = 0, η = 0.1 → 0.4 (loss 2·0.36·2), η = 0.4 → 1.6 (loss 2·0.36·2 as well, tried later),
        // η = 0.2 → 0.8 (loss 2·0.04·2): the best is 0.2.
        var w = Tensor.Zeros([2], DType.Float64).RequireGrad();
        Tensor Loss() => ((w - 1) * (w - 1) * 2).Sum();
        var search = new LineSearch([w], [0.1, 0.4, 0.2]);

        var result = search.Step(Loss);
        Assert.Equal(0.2, result.StepSize);
        TestData.AssertClose([0.8, 0.8], w, 1e-12);

        // Every candidate overshoots past 2 · (distance), so none lowers the loss: w stays.
        var overshoot = new LineSearch([w], [1.0, 2.0]);
        var stay = overshoot.Step(Loss);
        Assert.Equal(0, stay.StepSize);
        Assert.Equal(stay.LossBefore, stay.Loss);
        TestData.AssertClose([0.8, 0.8], w, 1e-12);
    }

    [Fact]
    public void ConvergesOverIterations()
    {
        var w = Tensor.FromArray([5.0, -3.0]).RequireGrad();
        var scale = Tensor.FromArray([1.0, 10.0]);
        Tensor Loss() => (w * w * scale).Sum();
        var search = new LineSearch([w], [0.5, 0.1, 0.05, 0.01]);
        for (var i = 0; i < 200; i++)
        {
            search.Step(Loss);
        }

        TestData.AssertClose([0, 0], w, 1e-6);
    }
}
