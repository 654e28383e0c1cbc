using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>One stored letter and its recall from two corrupted cues (all images ±1, row-major 10 x 10).</summary>
/// <param name="Letter">The letter.</param>
/// <param name="Stored">The stored pattern.</param>
/// <param name="Noisy">The pattern with a share of its pixels flipped.</param>
/// <param name="FromNoisy">What the network settled to from <paramref name="Noisy"/>.</param>
/// <param name="HalfErased">The pattern with its lower half erased (set to -1, the background).</param>
/// <param name="FromHalfErased">What the network settled to from <paramref name="HalfErased"/>.</param>
public sealed record LetterRecall(char Letter, double[] Stored, double[] Noisy, double[] FromNoisy, double[] HalfErased, double[] FromHalfErased)
{
    /// <summary>Pixels of <paramref name="recalled"/> that differ from the stored pattern.</summary>
    public int Errors(double[] recalled) => Stored.Zip(recalled).Count(p => p.First != p.Second);
}

/// <summary>One row of the capacity table: P random patterns stored by Hebb's rule in N units.</summary>
/// <param name="Patterns">P, the number of stored patterns.</param>
/// <param name="Load">P / N.</param>
/// <param name="StableShare">The share of stored patterns that are fixed points (no unit flips).</param>
/// <param name="BitErrorRate">The mean share of wrong bits after recall started from the stored patterns themselves.</param>
/// <param name="RecalledShare">The share of patterns recalled with at most 2% of the bits wrong.</param>
public sealed record CapacityRow(int Patterns, double Load, double StableShare, double BitErrorRate, double RecalledShare);

/// <summary>
/// The Hopfield network demonstration: letters drawn in code (10 x 10, N = 100 units) stored and recalled from
/// noisy and half-erased cues; and the capacity of Hebb's rule measured on random patterns as their number grows,
/// against the classic estimate of about 0.138 N (Amit, Gutfreund and Sompolinsky, 1985).
/// </summary>
public static class HopfieldDemo
{
    /// <summary>The side of the letters' square images.</summary>
    public const int Side = 10;

    /// <summary>The classic capacity of Hebb's rule, in patterns per unit.</summary>
    public const double ClassicLoad = 0.138;

    private static readonly (char Letter, string[] Rows)[] Glyphs =
    [
        ('A', ["...####...", "..##..##..", ".##....##.", ".##....##.", ".########.", ".##....##.", ".##....##.", ".##....##.", ".##....##.", ".........."]),
        ('C', ["..######..", ".##....##.", "##........", "##........", "##........", "##........", "##........", ".##....##.", "..######..", ".........."]),
        ('H', ["##......##", "##......##", "##......##", "##......##", "##########", "##......##", "##......##", "##......##", "##......##", ".........."]),
        ('E', [".########.", ".##.......", ".##.......", ".##.......", ".#######..", ".##.......", ".##.......", ".##.......", ".########.", ".........."]),
        ('T', ["##########", "##########", "....##....", "....##....", "....##....", "....##....", "....##....", "....##....", "....##....", "....##...."]),
        ('X', ["##......##", ".##....##.", "..##..##..", "...####...", "....##....", "...####...", "..##..##..", ".##....##.", "##......##", ".........."]),
    ];

    /// <summary>The letters drawn in code, each a ±1 pattern of 100 pixels (+1 ink).</summary>
    public static IReadOnlyList<(char Letter, double[] Pattern)> Letters() =>
        [.. Glyphs.Select(g => (g.Letter, g.Rows.SelectMany(r => r.Select(c => c == '#' ? 1.0 : -1.0)).ToArray()))];

    /// <summary>
    /// Stores the letters by <paramref name="rule"/> and recalls each (asynchronous updates) from a copy with
    /// <paramref name="noise"/> of its pixels flipped and from a copy whose lower half is erased.
    /// </summary>
    public static IReadOnlyList<LetterRecall> RecallLetters(HopfieldRule rule, double noise = 0.2, int seed = 1)
    {
        var g = new Generator(seed);
        var letters = Letters();
        var n = Side * Side;
        var net = new HopfieldNetwork(n, rule).Store(Tensor.FromArray(letters.SelectMany(l => l.Pattern).ToArray(), letters.Count, n));
        var results = new List<LetterRecall>();
        foreach (var (letter, pattern) in letters)
        {
            var noisy = (double[])pattern.Clone();
            foreach (var i in g.Permutation(n)[..(int)Math.Round(noise * n)])
            {
                noisy[i] = -noisy[i];
            }

            var half = pattern.Select((v, i) => i < n / 2 ? v : -1.0).ToArray();
            var cues = Tensor.FromArray([.. noisy, .. half], 2, n);
            var recalled = net.Recall(cues, HopfieldUpdate.Asynchronous, g).States.ToDoubleArray();
            results.Add(new LetterRecall(letter, pattern, noisy, recalled[..n], half, recalled[n..]));
        }

        return results;
    }

    /// <summary>
    /// Measures Hebb's rule on <paramref name="units"/> units: for each P in <paramref name="patternCounts"/>, over
    /// <paramref name="trials"/> sets of P random ±1 patterns, whether each pattern is a fixed point and how many of
    /// its bits survive asynchronous recall started from it.
    /// </summary>
    public static IReadOnlyList<CapacityRow> Capacity(int units, IEnumerable<int> patternCounts, int trials = 3, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(patternCounts);
        var g = new Generator(seed);
        var rows = new List<CapacityRow>();
        foreach (var p in patternCounts)
        {
            double stable = 0, errors = 0, recalled = 0;
            for (var t = 0; t < trials; t++)
            {
                var patterns = Tensor.FromArray(Enumerable.Range(0, p * units).Select(_ => g.NextDouble() < 0.5 ? -1.0 : 1.0).ToArray(), p, units);
                var net = new HopfieldNetwork(units).Store(patterns);
                var x = patterns.ToDoubleArray();
                var once = net.UpdateSynchronous(patterns).ToDoubleArray();
                var final = net.Recall(patterns, HopfieldUpdate.Asynchronous, g).States.ToDoubleArray();
                for (var mu = 0; mu < p; mu++)
                {
                    var range = (mu * units)..((mu + 1) * units);
                    stable += x[range].AsSpan().SequenceEqual(once[range]) ? 1 : 0;
                    var wrong = x[range].Zip(final[range]).Count(b => b.First != b.Second) / (double)units;
                    errors += wrong;
                    recalled += wrong <= 0.02 ? 1 : 0;
                }
            }

            var count = (double)p * trials;
            rows.Add(new CapacityRow(p, p / (double)units, stable / count, errors / count, recalled / count));
        }

        return rows;
    }

    /// <summary>The measured capacity: the largest P up to which at least 90% of the patterns were recalled (within 2% of their bits) at every P tried.</summary>
    public static int MeasuredCapacity(IReadOnlyList<CapacityRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.TakeWhile(r => r.RecalledShare >= 0.9).Select(r => r.Patterns).DefaultIfEmpty(0).Max();
    }
}
