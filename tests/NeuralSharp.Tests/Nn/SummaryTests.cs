using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class SummaryTests
{
    [Fact]
    public void TenLinearLayersOfHundredUnitsReport101000Parameters()
    {
        var g = new Generator(0);
        var net = new Sequential(Enumerable.Range(0, 10).Select(_ => (Module)new Linear(100, 100, generator: g)));
        var summary = Summary.Create(net, [1, 100]);
        Assert.Equal(101_000, summary.TotalParameters);
        Assert.Equal(10, summary.Rows.Count);
        Assert.All(summary.Rows, r => Assert.Equal(10_100, r.Parameters));
        Assert.Contains("Total parameters: 101,000", summary.ToString());
    }

    [Fact]
    public void ListsOutputShapesOfNestedLayersAndLeavesModesAlone()
    {
        var g = new Generator(1);
        var net = new Sequential(new Flatten(), new Sequential(new Linear(784, 30, generator: g), new BatchNorm1d(30), new Dropout(0.5)), new Sigmoid(), new Linear(30, 10, generator: g));
        var summary = Summary.Create(net, [2, 28, 28]);
        Assert.Equal(["0", "1.0", "1.1", "1.2", "2", "3"], summary.Rows.Select(r => r.Name));
        Assert.Equal([2, 784], summary.Rows[0].OutputShape.ToArray());
        Assert.Equal([2, 10], summary.Rows[^1].OutputShape.ToArray());
        Assert.Equal((784 * 30) + 30 + 60 + (30 * 10) + 10, summary.TotalParameters);
        Assert.True(net.IsTraining);
        Assert.All(net.NamedModules(), m => Assert.True(m.Value.IsTraining));
        Assert.Equal(0.0, net.StateDict()["1.1.num_batches_tracked"].ItemAsDouble());
        var text = summary.ToString();
        Assert.Contains("Linear(in_features=784, out_features=30, bias=True)", text);
        Assert.Contains("[2, 10]", text);
    }

    [Theory]
    [InlineData(1_000, "below the rule of thumb")]
    [InlineData(2_000_000, "within the rule of thumb")]
    [InlineData(10_000_000, "above the rule of thumb")]
    public void RuleOfThumbOfTenToThirtyExamplesPerParameter(long examples, string verdict)
    {
        var net = new Sequential(Enumerable.Range(0, 10).Select(_ => (Module)new Linear(100, 100)));
        var text = Summary.Create(net, [1, 100], examples).ToString();
        Assert.Contains(verdict, text);
        Assert.Contains("1,010,000 to 3,030,000", text);
    }

    [Fact]
    public void FrozenParametersAreCountedAsNonTrainable()
    {
        var net = new Sequential(new Linear(3, 3), new Linear(3, 1));
        net[0].Freeze();
        var summary = Summary.Create(net, [1, 3]);
        Assert.Equal(16, summary.TotalParameters);
        Assert.Equal(4, summary.TrainableParameters);
        Assert.Contains("Non-trainable parameters: 12", summary.ToString());
    }

    [Fact]
    public void EachConvolutionIsShownBesideTheDenseLayerWithTheSameSizes()
    {
        var g = new Generator(2);
        var net = new Sequential(new Conv2d(1, 6, 5, padding: 2, generator: g), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5, bias: false, generator: g), new Flatten(), new Linear(1600, 10, generator: g));
        var summary = Summary.Create(net, [2, 1, 28, 28]);
        Assert.Equal((784L * 4704) + 4704, summary.Rows[0].DenseParameters);
        Assert.Equal(156, summary.Rows[0].Parameters);
        Assert.Equal((new Shape(1, 28, 28), new Shape(6, 28, 28)), summary.Rows[0].DenseShapes);
        Assert.Equal(6L * 14 * 14 * 16 * 10 * 10, summary.Rows[3].DenseParameters);
        Assert.All(new[] { 1, 2, 4, 5 }, i => Assert.Null(summary.Rows[i].DenseParameters));
        var text = summary.ToString();
        Assert.Contains("Parameter sharing: 0 has 156 parameters; a dense layer from [1, 28, 28] to [6, 28, 28] would have 3,692,640.", text);
        Assert.Contains("Parameter sharing: 3 has 2,400 parameters;", text);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("Parameter sharing", StringComparison.Ordinal)));

        // The count is the one a Linear layer of those sizes has.
        var conv1d = Summary.Create(new Sequential(new Conv1d(2, 3, 3, generator: g)), [1, 2, 10]);
        Assert.Equal(new Linear(2 * 10, 3 * 8).ParameterCount, conv1d.Rows[0].DenseParameters);
    }
}
