using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>One map of the SOM demonstration, trained on the colours.</summary>
/// <param name="Topology">The grid's lattice.</param>
/// <param name="Mode">Batch or online training.</param>
/// <param name="Map">The trained map.</param>
/// <param name="History">Each epoch's schedule and quantisation error.</param>
/// <param name="QuantisationErrorBefore">The quantisation error of the random initial weights.</param>
/// <param name="TopographicErrorBefore">The topographic error of the random initial weights.</param>
/// <param name="TopographicError">The topographic error after training.</param>
/// <param name="NeighbourDistance">The mean colour distance between the weights of grid neighbours.</param>
/// <param name="FarDistance">The mean colour distance between the weights of units at least a third of the grid apart.</param>
public sealed record SomDemoMap(
    SomTopology Topology,
    SomTrainingMode Mode,
    SelfOrganisingMap Map,
    IReadOnlyList<SomEpoch> History,
    double QuantisationErrorBefore,
    double TopographicErrorBefore,
    double TopographicError,
    double NeighbourDistance,
    double FarDistance)
{
    /// <summary>The quantisation error after training.</summary>
    public double QuantisationError => History[^1].QuantisationError;
}

/// <summary>
/// The self-organising map demonstration: RGB colours drawn in code around eight hues (no data set to download),
/// a map trained on them for each lattice and each training mode. Trained, the map lays similar colours side by
/// side: its unit weights, drawn as colours, form patches, and the U-matrix marks the borders between them.
/// </summary>
public static class SomDemo
{
    /// <summary>The hues the colours are drawn around (RGB in [0, 1]).</summary>
    public static readonly IReadOnlyList<(string Name, double R, double G, double B)> Hues =
    [
        ("red", 0.9, 0.1, 0.1), ("orange", 1.0, 0.6, 0.1), ("yellow", 0.95, 0.95, 0.2), ("green", 0.1, 0.7, 0.2),
        ("cyan", 0.2, 0.85, 0.9), ("blue", 0.1, 0.2, 0.9), ("purple", 0.55, 0.15, 0.7), ("white", 0.95, 0.95, 0.95),
    ];

    /// <summary>
    /// <paramref name="count"/> colours [count, 3]: a hue chosen at random, each channel moved by N(0, <paramref name="spread"/>²)
    /// and clamped to [0, 1].
    /// </summary>
    public static Tensor Colours(int count, double spread, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var values = new double[count * 3];
        for (var i = 0; i < count; i++)
        {
            var (_, r, g, b) = Hues[generator.NextInt(Hues.Count)];
            double[] hue = [r, g, b];
            for (var c = 0; c < 3; c++)
            {
                values[(i * 3) + c] = Math.Clamp(hue[c] + (spread * generator.NextNormal()), 0, 1);
            }
        }

        return Tensor.FromArray(values, count, 3);
    }

    /// <summary>
    /// Trains a <paramref name="side"/> x <paramref name="side"/> map on <paramref name="count"/> colours for each
    /// lattice and each mode (the same colours and the same initial weights for all four).
    /// </summary>
    public static IReadOnlyList<SomDemoMap> Run(int seed = 1, int side = 16, int count = 800, int epochs = 30)
    {
        var colours = Colours(count, 0.06, new Generator(seed));
        var maps = new List<SomDemoMap>();
        foreach (var topology in new[] { SomTopology.Hexagonal, SomTopology.Rectangular })
        {
            foreach (var mode in new[] { SomTrainingMode.Batch, SomTrainingMode.Online })
            {
                var grid = new SomGrid(side, side, topology);
                var som = new SelfOrganisingMap(grid, 3, new Generator(seed + 1));
                var (qe, te) = (som.QuantisationError(colours), som.TopographicError(colours));
                var history = som.Train(colours, new SomTrainingOptions(Epochs: epochs, Mode: mode), new Generator(seed + 2));
                var (near, far) = NeighbourAndFarDistances(som, side / 3.0);
                maps.Add(new SomDemoMap(topology, mode, som, history, qe, te, som.TopographicError(colours), near, far));
            }
        }

        return maps;
    }

    /// <summary>The mean weight distance between grid neighbours, and between units at least <paramref name="far"/> apart on the grid.</summary>
    public static (double Neighbours, double Far) NeighbourAndFarDistances(SelfOrganisingMap map, double far)
    {
        ArgumentNullException.ThrowIfNull(map);
        var grid = map.Grid;
        var d = Distances.SquaredEuclidean(map.Weights, map.Weights).Sqrt().ToDoubleArray();
        var (near, nearCount, distant, distantCount) = (0.0, 0, 0.0, 0);
        for (var a = 0; a < grid.Units; a++)
        {
            for (var b = a + 1; b < grid.Units; b++)
            {
                if (grid.AreNeighbours(a, b))
                {
                    (near, nearCount) = (near + d[(a * grid.Units) + b], nearCount + 1);
                }
                else if (grid.SquaredDistance(a, b) >= far * far)
                {
                    (distant, distantCount) = (distant + d[(a * grid.Units) + b], distantCount + 1);
                }
            }
        }

        return (near / Math.Max(1, nearCount), distant / Math.Max(1, distantCount));
    }
}
