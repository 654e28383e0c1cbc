using System.Numerics.Tensors;

namespace NeuralSharp.Nn;

/// <summary>How a <see cref="HopfieldNetwork"/> turns its stored patterns into weights.</summary>
public enum HopfieldRule
{
    /// <summary>Hebb's rule, W = (1/N) Σ_μ ξ^μ ξ^μᵀ with a zero diagonal: local and incremental, about 0.138 N random patterns.</summary>
    Hebbian,

    /// <summary>
    /// The projection (pseudo-inverse) rule, W = Xᵀ (X Xᵀ)⁻¹ X with a zero diagonal for patterns X [P, N]: every
    /// linearly independent pattern is a fixed point, correlated ones (letters, digits) included, up to P &lt; N.
    /// </summary>
    PseudoInverse,
}

/// <summary>How the units of a <see cref="HopfieldNetwork"/> are updated.</summary>
public enum HopfieldUpdate
{
    /// <summary>All units at once, s ← sgn(W s): may end in a two-state cycle.</summary>
    Synchronous,

    /// <summary>One unit at a time in a random order per sweep: the energy never increases, so it always settles.</summary>
    Asynchronous,
}

/// <summary>The outcome of <see cref="HopfieldNetwork.Recall"/>.</summary>
/// <param name="States">The final states, the shape of the cue.</param>
/// <param name="Sweeps">How many updates of every unit ran.</param>
/// <param name="Converged">True when no unit changed in the last sweep (every row is a fixed point).</param>
public sealed record HopfieldRecall(Tensor States, int Sweeps, bool Converged);

/// <summary>
/// A Hopfield network (Hopfield, 1982): N binary units s_i ∈ {-1, +1}, symmetric weights with a zero diagonal and
/// the update s_i ← sgn(Σ_j W_ij s_j) (a unit whose field is exactly 0 keeps its state). Patterns are stored in the
/// weights (<see cref="Store"/>) and recalled from corrupted cues as the network descends its energy
/// E(s) = -½ sᵀ W s (<see cref="Energy"/>) to a minimum.
/// </summary>
/// <remarks>Not a <see cref="Module"/>: it is not trained by gradients. States are [N] or a batch [B, N] of ±1 values;
/// weights are float64. Hebb's rule keeps the integer sums Σ_μ ξ_i ξ_j and divides by N only where the weights or the
/// energy are read: the fields are then exact, so a field that is 0 in exact arithmetic is 0 here and keeps its unit
/// (a round-off of ±1e-17 would flip it without lowering the energy).</remarks>
/// <example>
/// <code>
/// var net = new HopfieldNetwork(100).Store(patterns);                      // patterns [P, 100] of ±1
/// var recalled = net.Recall(noisy, HopfieldUpdate.Asynchronous, new Generator(1)).States;
/// </code>
/// </example>
public sealed class HopfieldNetwork
{
    private readonly List<double[]> _patterns = [];
    // W = _weights / _divisor: Hebb's rule keeps exact integer sums with divisor N, the projection rule divisor 1.
    private double[] _weights;
    private double _divisor = 1;

    /// <summary>Creates a network of <paramref name="units"/> units with no stored pattern (all weights zero).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one unit.</exception>
    public HopfieldNetwork(int units, HopfieldRule rule = HopfieldRule.Hebbian)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        Units = units;
        Rule = rule;
        _weights = new double[units * units];
    }

    /// <summary>The number of units N.</summary>
    public int Units { get; }

    /// <summary>The storage rule.</summary>
    public HopfieldRule Rule { get; }

    /// <summary>How many patterns are stored.</summary>
    public int PatternCount => _patterns.Count;

    /// <summary>The weight matrix W [N, N] (a copy; symmetric, zero diagonal).</summary>
    public Tensor Weights => Tensor.FromArray([.. _weights.Select(w => w / _divisor)], Units, Units);

    /// <summary>Adds patterns [P, N] (or one pattern [N]) of ±1 to the memory and recomputes the weights by <see cref="Rule"/>.</summary>
    /// <exception cref="ArgumentException">A pattern of the wrong length or with a value other than ±1; for the
    /// pseudo-inverse rule, patterns that are linearly dependent.</exception>
    public HopfieldNetwork Store(Tensor patterns)
    {
        var (rows, _) = CheckStates(patterns, "store");
        var values = patterns.ToDoubleArray();
        var before = _patterns.Count;
        for (var p = 0; p < rows; p++)
        {
            _patterns.Add(values[(p * Units)..((p + 1) * Units)]);
        }

        try
        {
            (_weights, _divisor) = Rule == HopfieldRule.Hebbian ? (Hebbian(), Units) : (PseudoInverse(), 1.0);
        }
        catch (ArgumentException)
        {
            _patterns.RemoveRange(before, rows);
            throw;
        }

        return this;
    }

    /// <summary>E(s) = -½ sᵀ W s for each state: [] for a state [N], [B] for a batch [B, N].</summary>
    public Tensor Energy(Tensor states)
    {
        var (_, batched) = CheckStates(states, "energy");
        var s = (batched ? states : states.Unsqueeze(0)).Double();
        var e = -0.5 / _divisor * (s.MatMul(Tensor.FromArray(_weights, Units, Units)) * s).Sum(1);
        return batched ? e : e.Reshape();
    }

    /// <summary>One synchronous step: every unit at once, s ← sgn(W s), keeping a unit whose field is 0.</summary>
    public Tensor UpdateSynchronous(Tensor states)
    {
        var (_, batched) = CheckStates(states, "update");
        var s = (batched ? states : states.Unsqueeze(0)).Double();
        var field = s.MatMul(Tensor.FromArray(_weights, Units, Units));
        var next = field.Sign() + (field.Eq(0) * s);
        return (batched ? next : next.Reshape(Units)).To(states.DType);
    }

    /// <summary>Updates one unit of a state [N]: s_i ← sgn(Σ_j W_ij s_j), kept when the field is 0. The other units are unchanged.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The unit is not in [0, N).</exception>
    public Tensor UpdateUnit(Tensor state, int unit)
    {
        var (_, batched) = CheckStates(state, "update");
        if (batched)
        {
            throw new ArgumentException($"hopfield update: expected one state [{Units}], got {state.Shape}");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, Units);
        var s = state.ToDoubleArray();
        var field = TensorPrimitives.Dot<double>(_weights.AsSpan(unit * Units, Units), s);
        s[unit] = field > 0 ? 1.0 : field < 0 ? -1.0 : s[unit];
        return Tensor.FromArray(s, Units).To(state.DType);
    }

    /// <summary>
    /// One asynchronous sweep: each unit in turn, in an order drawn from <paramref name="generator"/> (the same for
    /// every row of a batch), takes the sign of its field given the units already updated.
    /// </summary>
    public Tensor UpdateAsynchronous(Tensor states, Generator generator)
    {
        var (rows, _) = CheckStates(states, "update");
        var s = states.ToDoubleArray();
        Sweep(s, rows, generator);
        return Tensor.FromArray(s, states.Shape.ToArray()).To(states.DType);
    }

    /// <summary>
    /// Updates the cue [N] or [B, N] until no unit changes or <paramref name="maxSweeps"/> sweeps have run (a
    /// synchronous sweep is one step of every unit; an asynchronous one needs <paramref name="generator"/>).
    /// </summary>
    public HopfieldRecall Recall(Tensor cue, HopfieldUpdate update = HopfieldUpdate.Asynchronous, Generator? generator = null, int maxSweeps = 100)
    {
        var (rows, _) = CheckStates(cue, "recall");
        if (update == HopfieldUpdate.Asynchronous && generator is null)
        {
            throw new ArgumentException("hopfield recall: asynchronous updates need a generator for the order of the units");
        }

        var s = cue.ToDoubleArray();
        for (var sweep = 1; sweep <= maxSweeps; sweep++)
        {
            bool changed;
            if (update == HopfieldUpdate.Asynchronous)
            {
                changed = Sweep(s, rows, generator!);
            }
            else
            {
                var next = UpdateSynchronous(Tensor.FromArray(s, rows, Units)).ToDoubleArray();
                changed = !next.AsSpan().SequenceEqual(s);
                s = next;
            }

            if (!changed)
            {
                return new HopfieldRecall(Tensor.FromArray(s, cue.Shape.ToArray()).To(cue.DType), sweep, true);
            }
        }

        return new HopfieldRecall(Tensor.FromArray(s, cue.Shape.ToArray()).To(cue.DType), maxSweeps, false);
    }

    /// <summary>Maps values to ±1: +1 where a value exceeds <paramref name="threshold"/> (pixels in [0, 1] by default at ½), -1 elsewhere.</summary>
    public static Tensor ToBipolar(Tensor values, double threshold = 0.5) => (2.0 * values.Gt(threshold)) - 1.0;

    private bool Sweep(double[] s, int rows, Generator generator)
    {
        var n = Units;
        var order = generator.Permutation(n);
        var changed = false;
        for (var r = 0; r < rows; r++)
        {
            var state = s.AsSpan(r * n, n);
            foreach (var i in order)
            {
                var field = TensorPrimitives.Dot<double>(_weights.AsSpan(i * n, n), state);
                var next = field > 0 ? 1.0 : field < 0 ? -1.0 : state[i];
                changed |= next != state[i];
                state[i] = next;
            }
        }

        return changed;
    }

    private double[] Hebbian()
    {
        var n = Units;
        var w = new double[n * n];
        foreach (var p in _patterns)
        {
            for (var i = 0; i < n; i++)
            {
                // Sums of ±1 products: exact integers; the 1/N is applied where W is read.
                TensorPrimitives.MultiplyAdd<double>(p, p[i], w.AsSpan(i * n, n), w.AsSpan(i * n, n));
            }
        }

        return ZeroDiagonal(w);
    }

    private double[] PseudoInverse()
    {
        var x = Tensor.FromArray(_patterns.SelectMany(p => p).ToArray(), _patterns.Count, Units);
        try
        {
            return ZeroDiagonal(Symmetrise(x.T.MatMul(LeastSquares.SolveDense(x.MatMul(x.T), x)).ToDoubleArray()));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"hopfield store: the pseudo-inverse rule needs linearly independent patterns ({e.Message})", e);
        }
    }

    // The projection is symmetric in exact arithmetic but not after round-off, and the energy argument needs W = Wᵀ:
    // both triangles take the mean of the pair (a + b is b + a, so the two are bit-identical).
    private double[] Symmetrise(double[] w)
    {
        var n = Units;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var mean = 0.5 * (w[(i * n) + j] + w[(j * n) + i]);
                w[(i * n) + j] = mean;
                w[(j * n) + i] = mean;
            }
        }

        return w;
    }

    private double[] ZeroDiagonal(double[] w)
    {
        for (var i = 0; i < Units; i++)
        {
            w[(i * Units) + i] = 0;
        }

        return w;
    }

    private (int Rows, bool Batched) CheckStates(Tensor states, string op)
    {
        ArgumentNullException.ThrowIfNull(states);
        var batched = states.Rank == 2;
        if (!(states.Rank is 1 or 2) || states.Size(-1) != Units)
        {
            throw new ArgumentException($"hopfield {op}: expected states [{Units}] or [B, {Units}], got {states.Shape}");
        }

        if (states.ToDoubleArray().Any(v => v is not (1.0 or -1.0)))
        {
            throw new ArgumentException($"hopfield {op}: states must be +1 or -1 (use HopfieldNetwork.ToBipolar)");
        }

        return (batched ? states.Size(0) : 1, batched);
    }
}
