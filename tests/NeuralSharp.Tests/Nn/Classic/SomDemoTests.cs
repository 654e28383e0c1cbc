using NeuralSharp.Demos;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn.Classic;

/// <summary>The claims of <c>neuralsharp demo som</c>, at a smaller size.</summary>
public sealed class SomDemoTests
{
    [Fact]
    public void TrainedMapsQuantiseBetterAndLayNeighbouringColoursSideBySide()
    {
        var maps = SomDemo.Run(seed: 3, side: 8, count: 300, epochs: 15);
        Assert.Equal(4, maps.Count);
        Assert.Equal(2, maps.Count(m => m.Topology == SomTopology.Hexagonal));
        Assert.Equal(2, maps.Count(m => m.Mode == SomTrainingMode.Online));
        Assert.All(maps, m =>
        {
            var label = $"{m.Topology} {m.Mode}";
            Assert.True(m.QuantisationError < 0.7 * m.QuantisationErrorBefore, $"{label}: {m.QuantisationErrorBefore} -> {m.QuantisationError}");
            Assert.True(m.TopographicError < 0.5 * m.TopographicErrorBefore, $"{label}: {m.TopographicErrorBefore} -> {m.TopographicError}");
            Assert.True(m.NeighbourDistance < m.FarDistance / 3, $"{label}: neighbours {m.NeighbourDistance}, far {m.FarDistance}");
        });

        // The U-matrix is the neighbour distance per unit: its mean over units is of the size of the mean over pairs.
        var u = maps[0].Map.UMatrix();
        Assert.InRange(u.Average(), 0.5 * maps[0].NeighbourDistance, 2 * maps[0].NeighbourDistance);
    }

    [Fact]
    public void ColoursAreDrawnAroundTheHuesInsideTheCube()
    {
        var colours = SomDemo.Colours(200, 0.06, new Generator(1)).ToDoubleArray();
        Assert.All(colours, v => Assert.InRange(v, 0.0, 1.0));
        var rows = colours.Chunk(3).ToArray();
        Assert.All(rows, c => Assert.True(SomDemo.Hues.Min(h => Math.Sqrt(Math.Pow(c[0] - h.R, 2) + Math.Pow(c[1] - h.G, 2) + Math.Pow(c[2] - h.B, 2))) < 0.4));
        Assert.Equal(colours, SomDemo.Colours(200, 0.06, new Generator(1)).ToDoubleArray());
    }
}
