namespace NeuralSharp;

/// <summary>
/// A seeded source of random numbers. Every random operation takes one explicitly (or uses
/// <see cref="Default"/>), so that the same seed gives the same network, run after run.
/// </summary>
public sealed class Generator
{
    private Random _random;
    private double? _spareNormal;

    /// <summary>Creates a generator whose sequence is fixed by <paramref name="seed"/>.</summary>
    public Generator(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
    }

    /// <summary>The seed this generator started from (or was last reset to).</summary>
    public int Seed { get; private set; }

    /// <summary>The generator used when none is passed; reset it with <see cref="ManualSeed"/>.</summary>
    public static Generator Default { get; private set; } = new(0);

    /// <summary>Restarts <see cref="Default"/> from a seed (PyTorch's <c>torch.manual_seed</c>).</summary>
    public static void ManualSeed(int seed) => Default = new Generator(seed);

    /// <summary>Restarts this generator from a seed.</summary>
    public void Reset(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        _spareNormal = null;
    }

    /// <summary>A uniform sample in [0, 1).</summary>
    public double NextDouble() => _random.NextDouble();

    /// <summary>A uniform integer in [0, maxExclusive).</summary>
    public int NextInt(int maxExclusive) => _random.Next(maxExclusive);

    /// <summary>A standard normal sample (Box-Muller, both values used).</summary>
    public double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }

        double u1;
        do
        {
            u1 = _random.NextDouble();
        }
        while (u1 <= double.Epsilon);
        var u2 = _random.NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A random permutation of 0 .. n-1 (Fisher-Yates), for shuffling data.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = i;
        }

        Shuffle(p);
        return p;
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
