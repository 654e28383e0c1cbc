using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class ResidualTests
{
    [Fact]
    public void AddsTheInputOrItsProjectionToTheBody()
    {
        var g = new Generator(2);
        var body = new Sequential(new Linear(4, 4, generator: g), new Tanh());
        var x = TestData.Randn(3, 4);
        var block = new Residual(body).Double();
        TestData.AssertClose((body.Forward(x) + x).ToDoubleArray(), block.Forward(x), 0);

        var projection = new Linear(4, 2, bias: false, generator: g);
        var narrow = new Residual(new Linear(4, 2, generator: g), projection).Double();
        TestData.AssertClose((narrow.Body.Forward(x) + projection.Forward(x)).ToDoubleArray(), narrow.Forward(x), 0);
        Assert.Equal(["body.weight", "body.bias", "shortcut.weight"], narrow.StateDict().Keys);
    }

    [Fact]
    public void GradientsReachTheBodyTheShortcutAndTheInput()
    {
        var g = new Generator(3);
        NnTestHelpers.AssertModuleGradients(new Residual(new Sequential(new Linear(3, 3, generator: g), new Tanh())), TestData.Randn(2, 3));
        NnTestHelpers.AssertModuleGradients(new Residual(new Linear(3, 2, generator: g), new Linear(3, 2, generator: g)), TestData.Randn(2, 3));
    }

    [Fact]
    public void MismatchedWidthsAskForAProjection()
    {
        var e = Assert.Throws<ArgumentException>(() => new Residual(new Linear(4, 2)).Forward(Tensor.Zeros([1, 4])));
        Assert.Contains("[1, 2]", e.Message);
        Assert.Contains("[1, 4]", e.Message);
        Assert.Contains("shortcut", e.Message);
    }

    [Fact]
    public void ResidualBlocksWorkInsideSequentialAndSummary()
    {
        var g = new Generator(4);
        var net = new Sequential(new Linear(8, 6, generator: g), new Residual(new Sequential(new Linear(6, 6, generator: g), new ReLU())), new Linear(6, 2, generator: g))
        {
            InputShape = [8],
        };
        var summary = Summary.Create(net);
        Assert.Equal(["0", "1", "2"], summary.Rows.Select(r => r.Name));
        Assert.Equal("Residual(...)", summary.Rows[1].Layer);
        Assert.Equal(new Shape(1, 6), summary.Rows[1].OutputShape);
        Assert.Equal(42, summary.Rows[1].Parameters);
    }
}
