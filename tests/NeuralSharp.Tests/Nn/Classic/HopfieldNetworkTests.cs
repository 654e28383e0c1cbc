using NeuralSharp.Demos;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn.Classic;

/// <summary>Hopfield networks: storage rules, the energy, recall, and the capacity of Hebb's rule.</summary>
public sealed class HopfieldNetworkTests
{
    [Theory]
    [InlineData(HopfieldRule.Hebbian)]
    [InlineData(HopfieldRule.PseudoInverse)]
    public void EnergyNeverIncreasesUnderAsynchronousUpdates(HopfieldRule rule)
    {
        var g = new Generator(4);
        const int n = 40;

        // Overloaded on purpose (P = 0.3 N), so that the states wander through many spurious minima before settling.
        var net = new HopfieldNetwork(n, rule).Store(RandomPatterns(12, n, g));
        var flips = 0;
        for (var trial = 0; trial < 10; trial++)
        {
            var s = RandomPatterns(1, n, g).Reshape(n);
            var energy = net.Energy(s).ItemAsDouble();
            for (var sweep = 0; sweep < 5; sweep++)
            {
                foreach (var i in g.Permutation(n))
                {
                    var next = net.UpdateUnit(s, i);
                    var e = net.Energy(next).ItemAsDouble();
                    Assert.True(e <= energy + 1e-12, $"energy rose from {energy} to {e} when unit {i} was updated");
                    if (next[i] != s[i])
                    {
                        flips++;
                        Assert.True(e < energy, "a flip must lower the energy");
                    }

                    (s, energy) = (next, e);
                }
            }
        }

        Assert.True(flips > 20, $"only {flips} units flipped: the test saw no dynamics");
    }

    [Fact]
    public void WeightsAreSymmetricWithAZeroDiagonalAndStoredPatternsAreFixedPoints()
    {
        var g = new Generator(5);
        var patterns = RandomPatterns(3, 64, g);
        foreach (var rule in new[] { HopfieldRule.Hebbian, HopfieldRule.PseudoInverse })
        {
            var net = new HopfieldNetwork(64, rule).Store(patterns);
            var w = net.Weights;
            Assert.Equal(w.ToDoubleArray(), w.T.Contiguous().ToDoubleArray());
            Assert.All(Enumerable.Range(0, 64), i => Assert.Equal(0.0, w[i, i]));
            Assert.Equal(patterns.ToDoubleArray(), net.UpdateSynchronous(patterns).ToDoubleArray());
            Assert.Equal(patterns.ToDoubleArray(), net.UpdateAsynchronous(patterns, g).ToDoubleArray());
            Assert.Equal(3, net.PatternCount);
        }

        // Hebb's rule is W = (1/N) sum of outer products, off the diagonal.
        var hebb = new HopfieldNetwork(64).Store(patterns).Weights;
        var x = patterns.ToDoubleArray();
        Assert.Equal(Enumerable.Range(0, 3).Sum(p => x[(p * 64) + 1] * x[(p * 64) + 5]) / 64, hebb[1, 5], 12);
    }

    [Fact]
    public void ThePseudoInverseRuleRecallsCorrelatedLettersThatHebbsRuleConfuses()
    {
        var projection = HopfieldDemo.RecallLetters(HopfieldRule.PseudoInverse, noise: 0.2, seed: 1);
        Assert.Equal(6, projection.Count);
        Assert.All(projection, r =>
        {
            Assert.Equal(20, r.Stored.Zip(r.Noisy).Count(p => p.First != p.Second));
            Assert.Equal(0, r.Errors(r.FromNoisy));
            Assert.Equal(0, r.Errors(r.FromHalfErased));
        });

        var hebbian = HopfieldDemo.RecallLetters(HopfieldRule.Hebbian, noise: 0.2, seed: 1);
        Assert.Contains(hebbian, r => r.Errors(r.FromNoisy) > 0 || r.Errors(r.FromHalfErased) > 0);
    }

    [Fact]
    public void HebbsRuleHoldsAboutPointOneFourNRandomPatterns()
    {
        const int n = 100;
        var rows = HopfieldDemo.Capacity(n, [4, 8, 12, 25, 40], trials: 3, seed: 2);
        Assert.Equal(1.0, rows[0].RecalledShare);
        Assert.Equal(0.0, rows[0].BitErrorRate);
        Assert.True(rows[^1].RecalledShare < 0.5, $"{rows[^1].RecalledShare:P0} of 40 patterns in 100 units recalled");
        Assert.True(rows[^1].BitErrorRate > 0.05, $"bit error rate {rows[^1].BitErrorRate:P1} at P = 0.4 N");

        // Load rises: fewer patterns stay fixed points.
        Assert.True(rows[0].StableShare > rows[^1].StableShare);
        var measured = HopfieldDemo.MeasuredCapacity(rows);
        Assert.InRange(measured / (double)n, 0.06, 0.25);
    }

    [Fact]
    public void SynchronousRecallCanOscillateWhereAsynchronousSettles()
    {
        // Two units that want to disagree: from (+1, +1) both flip at once, forever; one at a time, they settle.
        var net = new HopfieldNetwork(2, HopfieldRule.PseudoInverse).Store(Tensor.FromArray([1.0, -1], 2));
        var cue = Tensor.FromArray([1.0, 1], 2);
        var sync = net.Recall(cue, HopfieldUpdate.Synchronous, maxSweeps: 10);
        Assert.False(sync.Converged);
        var async = net.Recall(cue, HopfieldUpdate.Asynchronous, new Generator(1));
        Assert.True(async.Converged);
        Assert.Equal(0.0, async.States.ToDoubleArray().Sum());
    }

    [Fact]
    public void BadStatesAreNamed()
    {
        var net = new HopfieldNetwork(4);
        Assert.Contains("[4] or [B, 4]", Assert.Throws<ArgumentException>(() => net.Energy(Tensor.Ones([3]))).Message, StringComparison.Ordinal);
        Assert.Contains("+1 or -1", Assert.Throws<ArgumentException>(() => net.Store(Tensor.Zeros([4]))).Message, StringComparison.Ordinal);
        Assert.Contains("generator", Assert.Throws<ArgumentException>(() => net.Recall(Tensor.Ones([4]))).Message, StringComparison.Ordinal);
        var projection = new HopfieldNetwork(4, HopfieldRule.PseudoInverse).Store(Tensor.Ones([4]));
        Assert.Contains("linearly independent", Assert.Throws<ArgumentException>(() => projection.Store(Tensor.Ones([4]))).Message, StringComparison.Ordinal);
        Assert.Equal(1, projection.PatternCount);
        Assert.Equal([1.0f, -1, -1], HopfieldNetwork.ToBipolar(Tensor.FromArray([0.9f, 0.5f, 0.1f], 3)).ToArray());
    }

    private static Tensor RandomPatterns(int count, int units, Generator g) =>
        Tensor.FromArray(Enumerable.Range(0, count * units).Select(_ => g.NextDouble() < 0.5 ? -1.0 : 1.0).ToArray(), count, units);
}
