using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class PlaneDatasetsTests
{
    [Theory]
    [InlineData(PlaneDataset.Circle)]
    [InlineData(PlaneDataset.Xor)]
    [InlineData(PlaneDataset.Gaussians)]
    [InlineData(PlaneDataset.Spiral)]
    public void EachSetHasHalfOfEachClassInsideTheSquareAndIsSeeded(PlaneDataset kind)
    {
        var data = PlaneDatasets.Generate(kind, 200, 0.1, new Generator(3));
        Assert.Equal([200, 2], data.Inputs.Shape.ToArray());
        Assert.Equal(100, data.Labels!.Count(l => l == 1));
        Assert.All(data.Inputs.ToArray(), v => Assert.InRange(v, -6f, 6f));
        Assert.Equal(data.Inputs.ToArray(), PlaneDatasets.Generate(kind, 200, 0.1, new Generator(3)).Inputs.ToArray());
        Assert.NotEqual(data.Inputs.ToArray(), PlaneDatasets.Generate(kind, 200, 0.1, new Generator(4)).Inputs.ToArray());
    }

    [Fact]
    public void WithoutNoiseTheClassesFollowTheirRule()
    {
        var xor = PlaneDatasets.Generate(PlaneDataset.Xor, 100, 0, new Generator(1));
        var xy = xor.Inputs.ToArray();
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(xor.Labels![i] == 1, xy[2 * i] * xy[(2 * i) + 1] > 0));

        var circle = PlaneDatasets.Generate(PlaneDataset.Circle, 100, 0, new Generator(1));
        xy = circle.Inputs.ToArray();
        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(circle.Labels![i] == 1, Math.Sqrt((xy[2 * i] * xy[2 * i]) + (xy[(2 * i) + 1] * xy[(2 * i) + 1])) < 3));
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlaneDatasets.Generate(PlaneDataset.Xor, 1, 0, new Generator(1)));
        Assert.Contains("noise", Assert.Throws<ArgumentOutOfRangeException>(() => PlaneDatasets.Generate(PlaneDataset.Xor, 10, 0.7, new Generator(1))).Message);
    }
}
