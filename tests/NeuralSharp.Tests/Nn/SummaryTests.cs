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
}
