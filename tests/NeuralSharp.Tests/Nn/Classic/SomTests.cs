using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn.Classic;

/// <summary>Kohonen self-organising maps: the grids, the best-matching units, training, its metrics and its errors.</summary>
public sealed class SomTests
{
    [Theory]
    [InlineData(SomTrainingMode.Batch, SomTopology.Rectangular)]
    [InlineData(SomTrainingMode.Batch, SomTopology.Hexagonal)]
    [InlineData(SomTrainingMode.Online, SomTopology.Rectangular)]
    [InlineData(SomTrainingMode.Online, SomTopology.Hexagonal)]
    public void QuantisationErrorFallsWithTraining(SomTrainingMode mode, SomTopology topology)
    {
        var data = UniformPoints(400, 3, new Generator(1));
        var som = new SelfOrganisingMap(new SomGrid(6, 7, topology), 3, new Generator(2));
        var before = som.QuantisationError(data);
        var history = som.Train(data, new SomTrainingOptions(Epochs: 15, Mode: mode), new Generator(3));

        Assert.Equal(15, history.Count);
        Assert.Equal(som.QuantisationError(data), history[^1].QuantisationError, 12);
        var curve = string.Join(" ", history.Select(h => h.QuantisationError.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));

        // The first epoch's wide neighbourhood pulls every unit towards the mean; as the radius shrinks the units
        // spread over the data and the error falls, epoch after epoch (online training's order adds small bumps),
        // to below that of the random weights, which are already a fair quantiser of uniform data.
        Assert.True(history[^1].QuantisationError < 0.45 * history[0].QuantisationError, curve);
        Assert.True(history[^1].QuantisationError < before, $"random weights {before:F3}, trained {curve}");
        Assert.All(history.Zip(history.Skip(1)), p => Assert.True(p.Second.QuantisationError <= p.First.QuantisationError + (mode == SomTrainingMode.Batch ? 1e-12 : 0.01), curve));

        // The schedule runs from its initial to its final values, the radius by default from half the larger side.
        Assert.Equal(3.5, history[0].Radius, 12);
        Assert.Equal(0.5, history[^1].Radius, 12);
        Assert.Equal(0.5, history[0].LearningRate, 12);
        Assert.Equal(0.01, history[^1].LearningRate, 12);
        Assert.All(history.Zip(history.Skip(1)), p => Assert.True(p.Second.Radius < p.First.Radius));
    }

    [Theory]
    [InlineData(SomTrainingMode.Batch, SomTopology.Rectangular)]
    [InlineData(SomTrainingMode.Online, SomTopology.Hexagonal)]
    public void NeighbouringUnitsEndCloserInWeightSpaceThanDistantOnes(SomTrainingMode mode, SomTopology topology)
    {
        var data = UniformPoints(500, 2, new Generator(4));
        var grid = new SomGrid(8, 8, topology);
        var som = new SelfOrganisingMap(grid, 2, new Generator(5));
        var w = som.Weights.ToDoubleArray();
        var (nearBefore, farBefore) = NearAndFar(grid, w);
        som.Train(data, new SomTrainingOptions(Epochs: 20, Mode: mode), new Generator(6));
        var (near, far) = NearAndFar(grid, som.Weights.ToDoubleArray());

        // Random weights know nothing of the grid; trained ones are ordered by it.
        Assert.InRange(nearBefore / farBefore, 0.7, 1.3);
        Assert.True(near < far / 4, $"neighbours {near:F3} apart, units 5+ cells apart {far:F3}");
        Assert.True(som.TopographicError(data) < 0.1, $"topographic error {som.TopographicError(data)}");
    }

    [Fact]
    public void AnUntrainedMapHasALargeTopographicError()
    {
        var data = UniformPoints(300, 2, new Generator(7));
        var som = new SelfOrganisingMap(new SomGrid(8, 8), 2, new Generator(8));
        Assert.True(som.TopographicError(data) > 0.5, $"topographic error {som.TopographicError(data)}");
    }

    [Fact]
    public void BestMatchingUnitsAreTheNearestWeights()
    {
        var data = UniformPoints(50, 3, new Generator(9));
        var som = new SelfOrganisingMap(new SomGrid(4, 5, SomTopology.Hexagonal), 3, new Generator(10));
        var x = data.ToDoubleArray();
        var w = som.Weights.ToDoubleArray();
        var expected = Enumerable.Range(0, 50).Select(i => Enumerable.Range(0, 20)
            .MinBy(j => Enumerable.Range(0, 3).Sum(f => Math.Pow(x[(i * 3) + f] - w[(j * 3) + f], 2)))).ToArray();
        Assert.Equal(expected, som.BestMatchingUnits(data));
        Assert.Equal(expected, som.BestMatchingUnits(data.Float()));

        // The quantisation error is the mean distance to those units.
        var qe = Enumerable.Range(0, 50).Average(i => Math.Sqrt(Enumerable.Range(0, 3).Sum(f => Math.Pow(x[(i * 3) + f] - w[(expected[i] * 3) + f], 2))));
        Assert.Equal(qe, som.QuantisationError(data), 9);
    }

    [Fact]
    public void GridsHaveFourOrSixNeighboursAtDistanceOne()
    {
        var square = new SomGrid(5, 6);
        Assert.Equal([8, 13, 15, 20], square.Neighbours(14));
        Assert.Equal([1, 6], square.Neighbours(0));

        // Offset rows: row 2 (even) unit (2, 3) = 15 touches (1, 2), (1, 3), (3, 2), (3, 3); row 1 (odd) unit (1, 3) = 9 touches (0, 3), (0, 4).
        var hex = new SomGrid(5, 6, SomTopology.Hexagonal);
        Assert.Equal([8, 9, 14, 16, 20, 21], hex.Neighbours(15));
        Assert.Equal([3, 4, 8, 10, 15, 16], hex.Neighbours(9));
        Assert.All(Enumerable.Range(0, 30), u => Assert.All(hex.Neighbours(u), v => Assert.Equal(1.0, hex.SquaredDistance(u, v), 12)));
        var d = hex.SquaredDistances();
        Assert.Equal(hex.SquaredDistance(3, 26), d.ToDoubleArray()[(3 * 30) + 26], 15);
    }

    [Fact]
    public void TheBatchMapWithATinyRadiusIsOneStepOfKMeans()
    {
        // As sigma -> 0 the neighbourhood is the unit itself: each unit moves to the mean of the points it wins.
        var data = UniformPoints(60, 2, new Generator(11));
        var som = new SelfOrganisingMap(new SomGrid(1, 4), 2, new Generator(12));
        var wins = som.BestMatchingUnits(data);
        var x = data.ToDoubleArray();
        var before = som.Weights.ToDoubleArray();
        som.Train(data, new SomTrainingOptions(Epochs: 1, Radius: 0.05, FinalRadius: 0.05), new Generator(13));
        var after = som.Weights.ToDoubleArray();
        for (var j = 0; j < 4; j++)
        {
            var mine = Enumerable.Range(0, 60).Where(i => wins[i] == j).ToArray();
            for (var f = 0; f < 2; f++)
            {
                var expected = mine.Length == 0 ? before[(j * 2) + f] : mine.Average(i => x[(i * 2) + f]);
                Assert.Equal(expected, after[(j * 2) + f], 9);
            }
        }
    }

    [Theory]
    [InlineData(SomTrainingMode.Batch)]
    [InlineData(SomTrainingMode.Online)]
    public void TheSameSeedsGiveTheSameMap(SomTrainingMode mode)
    {
        var data = UniformPoints(200, 3, new Generator(14));
        double[] Train(int seed)
        {
            var som = new SelfOrganisingMap(new SomGrid(5, 5, SomTopology.Hexagonal), 3, new Generator(seed));
            som.Train(data, new SomTrainingOptions(Epochs: 5, Mode: mode), new Generator(seed + 1));
            return som.Weights.ToDoubleArray();
        }

        Assert.Equal(Train(1), Train(1));
        Assert.NotEqual(Train(1), Train(2));
        var sampled = SelfOrganisingMap.FromSamples(new SomGrid(3, 3), data, new Generator(3)).Weights.ToDoubleArray();
        Assert.Equal(sampled, SelfOrganisingMap.FromSamples(new SomGrid(3, 3), data, new Generator(3)).Weights.ToDoubleArray());
        Assert.Equal(9, sampled.Chunk(3).Select(r => string.Join(",", r)).Distinct().Count());
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var som = new SelfOrganisingMap(new SomGrid(3, 4), 3, new Generator(1));
        var wrongWidth = Assert.Throws<ArgumentException>(() => som.BestMatchingUnits(Tensor.Zeros([5, 4])));
        Assert.Contains("som best_matching_units: expected data [n, 3]", wrongWidth.Message, StringComparison.Ordinal);
        Assert.Contains("5, 4", wrongWidth.Message, StringComparison.Ordinal);
        Assert.Contains("som train", Assert.Throws<ArgumentException>(() => som.Train(Tensor.Zeros([3]), null, new Generator(1))).Message, StringComparison.Ordinal);
        Assert.Contains("som quantisation_error", Assert.Throws<ArgumentException>(() => som.QuantisationError(Tensor.Zeros([2, 2, 3]))).Message, StringComparison.Ordinal);
        Assert.Contains("[12, d]", Assert.Throws<ArgumentException>(() => new SelfOrganisingMap(new SomGrid(3, 4), Tensor.Zeros([11, 3]))).Message, StringComparison.Ordinal);
        Assert.Contains("epochs", Assert.Throws<ArgumentException>(() => som.Train(Tensor.Zeros([2, 3]), new SomTrainingOptions(Epochs: 0), new Generator(1))).Message, StringComparison.Ordinal);
        Assert.Contains("learning rates", Assert.Throws<ArgumentException>(() => som.Train(Tensor.Zeros([2, 3]), new SomTrainingOptions(LearningRate: 0.1, FinalLearningRate: 0.2), new Generator(1))).Message, StringComparison.Ordinal);
        Assert.Contains("radii", Assert.Throws<ArgumentException>(() => som.Train(Tensor.Zeros([2, 3]), new SomTrainingOptions(Radius: 0.1), new Generator(1))).Message, StringComparison.Ordinal);
        Assert.Contains("two units", Assert.Throws<ArgumentException>(() => new SelfOrganisingMap(new SomGrid(1, 1), 3, new Generator(1)).TopographicError(Tensor.Zeros([2, 3]))).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SomGrid(0, 3));
    }

    private static Tensor UniformPoints(int n, int d, Generator g) =>
        Tensor.FromArray(Enumerable.Range(0, n * d).Select(_ => g.NextDouble()).ToArray(), n, d);

    // Mean weight distance of grid neighbours, and of units at least 5 cells apart.
    private static (double Near, double Far) NearAndFar(SomGrid grid, double[] w)
    {
        var near = new List<double>();
        var far = new List<double>();
        for (var a = 0; a < grid.Units; a++)
        {
            for (var b = a + 1; b < grid.Units; b++)
            {
                var distance = Math.Sqrt(Math.Pow(w[2 * a] - w[2 * b], 2) + Math.Pow(w[(2 * a) + 1] - w[(2 * b) + 1], 2));
                if (grid.AreNeighbours(a, b))
                {
                    near.Add(distance);
                }
                else if (grid.SquaredDistance(a, b) >= 25)
                {
                    far.Add(distance);
                }
            }
        }

        return (near.Average(), far.Average());
    }
}
