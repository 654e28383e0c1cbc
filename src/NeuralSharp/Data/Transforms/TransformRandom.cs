namespace NeuralSharp.Data.Transforms;

/// <summary>
/// The random draws of one example's augmentation: a counter-based stream (SplitMix64) fixed by the
/// seed, the epoch and the example's index in its data set, so that an example is augmented the same
/// way whatever batch it lands in and however many threads transform the batch, and differently in
/// each epoch. A value type: drawing allocates nothing.
/// </summary>
public struct TransformRandom
{
    private ulong _state;

    /// <summary>The stream of example <paramref name="index"/> in epoch <paramref name="epoch"/> for <paramref name="seed"/>.</summary>
    public TransformRandom(int seed, int epoch, int index)
    {
        ulong h = Mix((ulong)(uint)seed ^ 0x6A09E667F3BCC908UL);
        h = Mix(h ^ ((ulong)(uint)epoch * 0x9E3779B97F4A7C15UL));
        _state = Mix(h ^ ((ulong)(uint)index * 0xD1B54A32D192ED03UL));
    }

    /// <summary>A uniform sample in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform sample in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxInclusive"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxInclusive"/> is below <paramref name="min"/>.</exception>
    public int NextInt(int min, int maxInclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInclusive, min);
        ulong range = (ulong)((long)maxInclusive - min + 1);
        return (int)(min + (long)(((NextBits() >> 32) * range) >> 32));
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool NextBool(double p) => NextDouble() < p;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
