using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>Running a network up to a named layer (issue 14), checked against composing the layers by hand.</summary>
public class FeatureExtractorTests
{
    private static readonly Tensor X = TestData.Randn(5, 4);

    private static Sequential Network()
    {
        var g = new Generator(11);
        var body = new Sequential(new Linear(6, 6, generator: g), new Tanh(), new Linear(6, 3, generator: g));
        return new Sequential(new Linear(4, 6, generator: g), new ReLU())
            .Add("body", body)
            .Add("head", new Linear(3, 2, generator: g))
            .Double();
    }

    [Fact]
    public void ALayerOfTheOuterSequentialGivesTheComposedOutput()
    {
        var net = Network();
        var expected = net[1].Forward(net[0].Forward(X));
        Assert.Equal(expected.ToDoubleArray(), new FeatureExtractor(net, "1").Forward(X).ToDoubleArray());
    }

    [Fact]
    public void ALayerOfANestedSequentialGivesTheComposedOutput()
    {
        var net = Network();
        var body = (Sequential)net[2];
        var expected = body[1].Forward(body[0].Forward(net[1].Forward(net[0].Forward(X))));
        Assert.Equal(expected.ToDoubleArray(), new FeatureExtractor(net, "body.1").Forward(X).ToDoubleArray());
        Assert.Equal(body.Forward(net[1].Forward(net[0].Forward(X))).ToDoubleArray(), new FeatureExtractor(net, "body").Forward(X).ToDoubleArray());
    }

    [Fact]
    public void TheLayersAfterTheNamedOneAreNotRun()
    {
        // A head that takes 7 inputs would fail on the body's 3 outputs if it were called.
        var net = Network();
        net.Replace("head", new Linear(7, 2, generator: new Generator(1)).Double());
        Assert.Equal(new Shape(5, 3), new FeatureExtractor(net, "body.2").Forward(X).Shape);
        Assert.ThrowsAny<ArgumentException>(() => net.Forward(X));
    }

    [Fact]
    public void ALayerInsideAResidualBlockIsObservedWhileTheBlockRuns()
    {
        var g = new Generator(12);
        var inner = new Sequential(new Linear(4, 4, generator: g), new Tanh());
        var net = new Sequential(new Residual(inner), new Linear(4, 1, generator: g)).Double();
        var expected = inner[0].Forward(X);
        Assert.Equal(expected.ToDoubleArray(), new FeatureExtractor(net, "0.body.0").Forward(X).ToDoubleArray());
    }

    [Fact]
    public void FeaturesAreDifferentiableAndReachOnlyTheLayersBeforeThem()
    {
        var net = Network();
        new FeatureExtractor(net, "body.0").Forward(X).Sum().Backward();
        Assert.NotNull(((Linear)net[0]).Weight.Grad);
        Assert.NotNull(((Linear)((Sequential)net[2])[0]).Weight.Grad);
        Assert.Null(((Linear)((Sequential)net[2])[2]).Weight.Grad);
        Assert.Null(((Linear)net[3]).Weight.Grad);
    }

    [Fact]
    public void ExtractRunsInEvaluationModeInBatchesAndRestoresTheModes()
    {
        var g = new Generator(13);
        var net = new Sequential(new Linear(4, 6, generator: g), new Dropout(0.5), new Linear(6, 2, generator: g)).Double();
        var extractor = new FeatureExtractor(net, "1");
        var features = extractor.Extract(X, batchSize: 2);
        Assert.Equal(net[0].Forward(X).ToDoubleArray(), features.ToDoubleArray());
        Assert.False(features.RequiresGrad);
        Assert.All(net.NamedModules(), m => Assert.True(m.Value.IsTraining));
    }

    [Fact]
    public void AnUnknownLayerNameListsTheLayersThereAre()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeatureExtractor(Network(), "body.7"));
        Assert.Contains("no layer named 'body.7'", e.Message);
        Assert.Contains("its layers are 0, 1, body, body.0, body.1, body.2, head", e.Message);
        Assert.Equal(["0", "1", "body", "body.0", "body.1", "body.2", "head"], FeatureExtractor.LayerNames(Network()));
    }
}
