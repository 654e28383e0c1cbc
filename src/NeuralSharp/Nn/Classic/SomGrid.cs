namespace NeuralSharp.Nn;

/// <summary>How the units of a <see cref="SomGrid"/> are laid out.</summary>
public enum SomTopology
{
    /// <summary>A square lattice: unit (r, c) at (c, r), four neighbours at distance 1.</summary>
    Rectangular,

    /// <summary>
    /// A hexagonal lattice in offset rows: unit (r, c) at (c + ½ (r mod 2), r √3/2), six neighbours at distance 1.
    /// </summary>
    Hexagonal,
}

/// <summary>
/// The lattice of a <see cref="SelfOrganisingMap"/>: <see cref="Rows"/> x <see cref="Columns"/> units, numbered
/// row-major, each at a position in the plane; the neighbourhood of a map is a function of the distances between
/// these positions, not of the units' weights.
/// </summary>
public sealed class SomGrid
{
    private readonly double[] _x;
    private readonly double[] _y;

    /// <summary>Creates a grid of <paramref name="rows"/> x <paramref name="columns"/> units.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one row or column.</exception>
    public SomGrid(int rows, int columns, SomTopology topology = SomTopology.Rectangular)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Rows = rows;
        Columns = columns;
        Topology = topology;
        _x = new double[rows * columns];
        _y = new double[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var unit = (r * columns) + c;
                var hexagonal = topology == SomTopology.Hexagonal;
                _x[unit] = c + (hexagonal && r % 2 == 1 ? 0.5 : 0);
                _y[unit] = hexagonal ? r * Math.Sqrt(3) / 2 : r;
            }
        }
    }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>The lattice.</summary>
    public SomTopology Topology { get; }

    /// <summary>The number of units, <see cref="Rows"/> x <see cref="Columns"/>.</summary>
    public int Units => Rows * Columns;

    /// <summary>The position of a unit in the plane.</summary>
    public (double X, double Y) Position(int unit)
    {
        CheckUnit(unit);
        return (_x[unit], _y[unit]);
    }

    /// <summary>The squared distance between two units' positions in the plane.</summary>
    public double SquaredDistance(int a, int b)
    {
        CheckUnit(a);
        CheckUnit(b);
        var (dx, dy) = (_x[a] - _x[b], _y[a] - _y[b]);
        return (dx * dx) + (dy * dy);
    }

    /// <summary>True when two different units are adjacent on the lattice (their distance is 1).</summary>
    public bool AreNeighbours(int a, int b) => a != b && SquaredDistance(a, b) < 1 + 1e-9;

    /// <summary>The units adjacent to <paramref name="unit"/>, in increasing order.</summary>
    public int[] Neighbours(int unit)
    {
        CheckUnit(unit);
        return [.. Enumerable.Range(0, Units).Where(u => AreNeighbours(unit, u))];
    }

    /// <summary>The squared distances between every pair of units' positions, [K, K] in float64, K = <see cref="Units"/>.</summary>
    public Tensor SquaredDistances()
    {
        var k = Units;
        var d = new double[k * k];
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                var (dx, dy) = (_x[a] - _x[b], _y[a] - _y[b]);
                d[(a * k) + b] = (dx * dx) + (dy * dy);
            }
        }

        return Tensor.FromArray(d, k, k);
    }

    private void CheckUnit(int unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, Units);
    }
}
