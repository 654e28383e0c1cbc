using System.Numerics.Tensors;

namespace NeuralSharp.Nn;

/// <summary>One epoch of <see cref="SelfOrganisingMap.Train"/>.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="LearningRate">η in this epoch (unused by batch training).</param>
/// <param name="Radius">σ in this epoch, in grid units.</param>
/// <param name="QuantisationError">The quantisation error on the training data after this epoch.</param>
public sealed record SomEpoch(int Epoch, double LearningRate, double Radius, double QuantisationError);

/// <summary>
/// A Kohonen self-organising map (Kohonen, 1982): K units on a <see cref="SomGrid"/>, each with a weight vector in
/// the data space. Training pulls a point's best-matching unit (the unit whose weights are nearest) and its grid
/// neighbours towards the point, so that units near each other on the grid end up near each other in the data
/// space: the map is a topology-preserving, discrete picture of the data.
/// </summary>
/// <remarks>Not a <see cref="Module"/>: it is not trained by gradients. Weights are float64, [K, d]. Every
/// computation is deterministic: online training draws its order from the generator it is given.</remarks>
/// <example>
/// <code>
/// var som = new SelfOrganisingMap(new SomGrid(10, 10, SomTopology.Hexagonal), features: 3, new Generator(1));
/// som.Train(colours, new SomTrainingOptions(Epochs: 30), new Generator(2));
/// var qe = som.QuantisationError(colours);
/// </code>
/// </example>
public sealed class SelfOrganisingMap
{
    private double[] _weights;

    /// <summary>Creates a map whose weights are drawn uniformly from [0, 1) (data such as pixels or colours).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one feature.</exception>
    public SelfOrganisingMap(SomGrid grid, int features, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Grid = grid;
        Features = features;
        _weights = [.. Enumerable.Range(0, grid.Units * features).Select(_ => generator.NextDouble())];
    }

    /// <summary>Creates a map with the given initial weights [K, d], K the grid's units.</summary>
    /// <exception cref="ArgumentException">The weights are not [K, d].</exception>
    public SelfOrganisingMap(SomGrid grid, Tensor weights)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Rank != 2 || weights.Size(0) != grid.Units || weights.Size(1) < 1)
        {
            throw new ArgumentException($"som: expected weights [{grid.Units}, d] for a {grid.Rows} x {grid.Columns} grid, got {weights.Shape}");
        }

        Grid = grid;
        Features = weights.Size(1);
        _weights = weights.Detach().ToDoubleArray();
    }

    /// <summary>The grid of units.</summary>
    public SomGrid Grid { get; }

    /// <summary>The dimension d of the data.</summary>
    public int Features { get; }

    /// <summary>The weights [K, d] (a copy), one row per unit in the grid's row-major order.</summary>
    public Tensor Weights => Tensor.FromArray((double[])_weights.Clone(), Grid.Units, Features);

    /// <summary>A map whose initial weights are K rows of <paramref name="data"/> [n, d] drawn at random (with
    /// repetition only when n &lt; K), which puts the units in the data's range whatever its scale.</summary>
    /// <exception cref="ArgumentException">The data is not a non-empty matrix.</exception>
    public static SelfOrganisingMap FromSamples(SomGrid grid, Tensor data, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(generator);
        if (data.Rank != 2 || data.Size(0) < 1 || data.Size(1) < 1)
        {
            throw new ArgumentException($"som: expected data [n, d] with n, d >= 1, got {data.Shape}");
        }

        var n = data.Size(0);
        var rows = new int[grid.Units];
        var order = generator.Permutation(n);
        for (var k = 0; k < rows.Length; k++)
        {
            rows[k] = k < n ? order[k] : generator.NextInt(n);
        }

        return new SelfOrganisingMap(grid, data.Detach().Double().IndexSelect(0, rows).Contiguous());
    }

    /// <summary>The best-matching unit of each row of <paramref name="data"/> [n, d]: the unit with the nearest weights
    /// (the lowest index on a tie), found for the whole batch with one matrix product.</summary>
    /// <exception cref="ArgumentException">The data is not [n, d].</exception>
    public int[] BestMatchingUnits(Tensor data) => (-SquaredDistances(data, "best_matching_units")).ArgMax(1);

    /// <summary>Trains the map on <paramref name="data"/> [n, d] and returns each epoch's schedule and quantisation error.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="options">The schedule; the defaults when null.</param>
    /// <param name="generator">The order of the points in online training (unused by batch training, but required so
    /// that a call does not depend on the mode for its reproducibility).</param>
    /// <exception cref="ArgumentException">The data is not [n, d], or the options are out of range.</exception>
    public IReadOnlyList<SomEpoch> Train(Tensor data, SomTrainingOptions? options, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        options ??= new SomTrainingOptions();
        options.Validate();
        var x = CheckData(data, "train");
        var points = x.ToDoubleArray();
        var grid = Grid.SquaredDistances();
        var gridDistances = grid.ToDoubleArray();
        var history = new List<SomEpoch>(options.Epochs);
        for (var e = 0; e < options.Epochs; e++)
        {
            var (rate, radius) = (options.LearningRateAt(e), options.RadiusAt(e, Grid));
            if (options.Mode == SomTrainingMode.Batch)
            {
                BatchEpoch(x, grid, radius);
            }
            else
            {
                OnlineEpoch(points, x.Size(0), gridDistances, rate, radius, generator);
            }

            history.Add(new SomEpoch(e + 1, rate, radius, QuantisationError(x)));
        }

        return history;
    }

    /// <summary>The mean distance from each row of <paramref name="data"/> to the weights of its best-matching unit.</summary>
    /// <exception cref="ArgumentException">The data is not [n, d].</exception>
    public double QuantisationError(Tensor data)
    {
        var d = SquaredDistances(data, "quantisation_error");
        var (n, k) = (d.Size(0), d.Size(1));
        var values = d.ToDoubleArray();
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            total += Math.Sqrt(TensorPrimitives.Min<double>(values.AsSpan(i * k, k)));
        }

        return total / n;
    }

    /// <summary>The share of rows of <paramref name="data"/> whose best and second-best matching units are not
    /// neighbours on the grid: 0 when the map preserves the data's topology everywhere the data lies.</summary>
    /// <exception cref="ArgumentException">The data is not [n, d], or the grid has a single unit.</exception>
    public double TopographicError(Tensor data)
    {
        if (Grid.Units < 2)
        {
            throw new ArgumentException("som topographic_error: needs at least two units");
        }

        var d = SquaredDistances(data, "topographic_error");
        var (n, k) = (d.Size(0), d.Size(1));
        var values = d.ToDoubleArray();
        var errors = 0;
        for (var i = 0; i < n; i++)
        {
            var row = values.AsSpan(i * k, k);
            var (best, second) = (-1, -1);
            for (var j = 0; j < k; j++)
            {
                if (best < 0 || row[j] < row[best])
                {
                    (best, second) = (j, best);
                }
                else if (second < 0 || row[j] < row[second])
                {
                    second = j;
                }
            }

            errors += Grid.AreNeighbours(best, second) ? 0 : 1;
        }

        return errors / (double)n;
    }

    /// <summary>The U-matrix: for each unit, the mean Euclidean distance from its weights to its grid neighbours'
    /// weights. High values mark the borders between clusters; 0 for a unit without neighbours.</summary>
    public double[] UMatrix()
    {
        var d = Features;
        var u = new double[Grid.Units];
        for (var unit = 0; unit < Grid.Units; unit++)
        {
            var neighbours = Grid.Neighbours(unit);
            foreach (var other in neighbours)
            {
                var sum = 0.0;
                for (var f = 0; f < d; f++)
                {
                    var diff = _weights[(unit * d) + f] - _weights[(other * d) + f];
                    sum += diff * diff;
                }

                u[unit] += Math.Sqrt(sum);
            }

            u[unit] = neighbours.Length == 0 ? 0 : u[unit] / neighbours.Length;
        }

        return u;
    }

    private void BatchEpoch(Tensor x, Tensor grid, double radius)
    {
        var bmus = BestMatchingUnits(x);

        // H[i, j] = h(b_i, j): one row of the grid's distances per point.
        var h = (grid.IndexSelect(0, bmus) * (-0.5 / (radius * radius))).Exp();
        var sums = h.T.MatMul(x).ToDoubleArray();
        var mass = h.Sum(0).ToDoubleArray();
        var d = Features;
        for (var j = 0; j < Grid.Units; j++)
        {
            // A unit so far from every best-matching unit that its neighbourhood underflowed keeps its weights.
            if (mass[j] > 1e-300)
            {
                for (var f = 0; f < d; f++)
                {
                    _weights[(j * d) + f] = sums[(j * d) + f] / mass[j];
                }
            }
        }
    }

    private void OnlineEpoch(double[] points, int n, double[] gridDistances, double rate, double radius, Generator generator)
    {
        var (k, d) = (Grid.Units, Features);
        var scale = -0.5 / (radius * radius);
        foreach (var i in generator.Permutation(n))
        {
            var x = points.AsSpan(i * d, d);
            var (best, bestDistance) = (0, double.PositiveInfinity);
            for (var j = 0; j < k; j++)
            {
                var w = _weights.AsSpan(j * d, d);
                var sum = 0.0;
                for (var f = 0; f < d; f++)
                {
                    var diff = x[f] - w[f];
                    sum += diff * diff;
                }

                if (sum < bestDistance)
                {
                    (best, bestDistance) = (j, sum);
                }
            }

            for (var j = 0; j < k; j++)
            {
                var step = rate * Math.Exp(scale * gridDistances[(best * k) + j]);
                var w = _weights.AsSpan(j * d, d);
                for (var f = 0; f < d; f++)
                {
                    w[f] += step * (x[f] - w[f]);
                }
            }
        }
    }

    private Tensor SquaredDistances(Tensor data, string op) =>
        Distances.SquaredEuclidean(CheckData(data, op), Tensor.FromArray(_weights, Grid.Units, Features));

    private Tensor CheckData(Tensor data, string op)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Rank != 2 || data.Size(1) != Features || data.Size(0) < 1)
        {
            throw new ArgumentException($"som {op}: expected data [n, {Features}] with n >= 1, got {data.Shape}");
        }

        return data.Detach().Double();
    }
}
