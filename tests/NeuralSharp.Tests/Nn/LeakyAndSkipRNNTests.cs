using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>Leaky units, skip connections in time and the last-step wrapper: their equations, gradients and checks.</summary>
public sealed class LeakyAndSkipRNNTests
{
    private static void CheckGradients<TIn>(Module<TIn, (Tensor Output, Tensor State)> module, Func<Tensor[], TIn> input, params Tensor[] inputs)
    {
        var names = module.NamedParameters().Select(p => p.Key).ToArray();
        Tensor[] all = [.. inputs, .. module.Parameters().Select(t => t.Detach())];
        var result = GradCheck.Check(
            xs =>
            {
                var map = names.Select((n, i) => new KeyValuePair<string, Tensor>(n, xs[inputs.Length + i])).ToDictionary();
                var (o, h) = module.FunctionalCall(map, input(xs));
                return (o * 1.5).Sum() + (h * 2.5).Sum();
            },
            all);
        Assert.True(result.Passed, result.Message);
    }

    private static Tensor Step(Tensor x, int t) => x.Narrow(0, t, 1).Squeeze(0);

    [Fact]
    public void LeakyUnitsAverageTheCandidateStateWithThePreviousOne()
    {
        var x = TestData.Randn(5, 2, 3);
        var leaky = new LeakyRNN(3, 4, 2, alpha: 0.8, generator: new Generator(1)).Double();
        var p = leaky.StateDict();
        Assert.Equal(["U", "W", "b", "V", "c"], p.Keys);
        var h0 = TestData.Seeded(2, 2, 4);
        var (o, last) = leaky.Forward((x, h0));
        var h = h0;
        for (var t = 0; t < 5; t++)
        {
            var candidate = (p["b"] + h.MatMul(p["W"].T) + Step(x, t).MatMul(p["U"].T)).Tanh();
            h = (h * 0.8) + (candidate * 0.2);
            TestData.AssertClose((p["c"] + h.MatMul(p["V"].T)).ToDoubleArray(), Step(o, t), 1e-12);
        }

        TestData.AssertClose(h.ToDoubleArray(), last, 1e-12);

        // alpha = 0 is the Elman network with the same weights.
        var plain = new LeakyRNN(3, 4, 2, alpha: 0).Double();
        plain.LoadStateDict(p);
        var elman = new ElmanRNN(3, 4, 2).Double();
        elman.LoadStateDict(p);
        TestData.AssertClose(elman.Forward((x, h0)).Output.ToDoubleArray(), plain.Forward((x, h0)).Output, 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeakyRNN(3, 4, 2, alpha: 1.5));
    }

    [Fact]
    public void LeakyUnitsKeepTheGradientToTheFirstStateAlive()
    {
        // Over 40 steps with small recurrent weights, d h(40) / d h(0) vanishes for alpha = 0 and survives for alpha = 0.95.
        double GradientNorm(double alpha)
        {
            var rnn = new LeakyRNN(1, 8, 1, alpha: alpha, generator: new Generator(3)).Double();
            var h0 = TestData.Seeded(4, 1, 8).RequireGrad();
            var (_, h) = rnn.Forward((Tensor.Zeros([40, 1, 1], DType.Float64), h0));
            var g = Gradients.Of(h.Sum(), h0);
            return Math.Sqrt(g.Square().Sum().ItemAsDouble());
        }

        var plain = GradientNorm(0);
        var leaky = GradientNorm(0.95);
        Assert.True(plain < 1e-4, $"plain {plain}");
        Assert.True(leaky > 0.05, $"leaky {leaky}");
    }

    [Fact]
    public void SkipConnectionsFeedTheStateOfDStepsBefore()
    {
        var x = TestData.Randn(6, 2, 3);
        var rnn = new SkipRNN(3, 4, 2, delay: 3, generator: new Generator(5)).Double();
        var p = rnn.StateDict();
        Assert.Equal(["U", "W", "b", "V", "c", "W_skip"], p.Keys);
        var h0 = TestData.Seeded(6, 2, 4);
        var (o, last) = rnn.Forward((x, h0));
        var history = new List<Tensor> { h0 };
        for (var t = 1; t <= 6; t++)
        {
            var delayed = history[Math.Max(t - 3, 0)];
            var h = (p["b"] + history[t - 1].MatMul(p["W"].T) + delayed.MatMul(p["W_skip"].T) + Step(x, t - 1).MatMul(p["U"].T)).Tanh();
            history.Add(h);
            TestData.AssertClose((p["c"] + h.MatMul(p["V"].T)).ToDoubleArray(), Step(o, t - 1), 1e-12);
        }

        TestData.AssertClose(history[^1].ToDoubleArray(), last, 1e-12);

        // With W_skip = 0 it is the Elman network.
        using (GradMode.NoGrad())
        {
            p["W_skip"].Fill(0);
        }

        var elman = new ElmanRNN(3, 4, 2).Double();
        elman.LoadStateDict(p.Where(kv => kv.Key != "W_skip").ToDictionary());
        TestData.AssertClose(elman.Forward((x, h0)).Output.ToDoubleArray(), rnn.Forward((x, h0)).Output, 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SkipRNN(3, 4, 2, delay: 1));
        var e = Assert.Throws<ArgumentException>(() => rnn.Forward((Tensor.Zeros([6, 2, 3], DType.Float64), Tensor.Zeros([3, 4], DType.Float64))));
        Assert.Contains("skiprnn", e.Message);
        Assert.Contains("[3, 4]", e.Message);
    }

    [Fact]
    public void LeakyAndSkipGradientsMatchFiniteDifferences()
    {
        var leaky = new LeakyRNN(2, 3, 2, alpha: 0.6, generator: new Generator(7)).Double();
        CheckGradients(leaky, xs => (xs[0], xs[1]), TestData.Randn(4, 2, 2), TestData.Seeded(8, 2, 3));
        var skip = new SkipRNN(2, 3, 2, delay: 2, batchFirst: true, generator: new Generator(9)).Double();
        CheckGradients(skip, xs => (xs[0], xs[1]), TestData.Randn(2, 5, 2), TestData.Seeded(10, 2, 3));
        CheckGradients(skip, xs => (xs[0], null), TestData.Randn(1, 4, 2));
    }

    [Fact]
    public void LastStepReturnsTheFinalOutputAndPassesTheGradientChecker()
    {
        var lstm = new LSTM(3, 4, batchFirst: true, generator: new Generator(11));
        var head = new LastStep(lstm);
        var x = TestData.Randn(2, 5, 3);
        var expected = lstm.Double().Forward((x, null)).Output.Narrow(1, 4, 1).Squeeze(1);
        TestData.AssertClose(expected.ToDoubleArray(), head.Forward(x), 0);
        Assert.Equal(["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0"], head.StateDict().Keys);
        NnTestHelpers.AssertModuleGradients(new LastStep(new SkipRNN(2, 3, 2, generator: new Generator(12))), TestData.Randn(4, 2, 2));
        Assert.Throws<ArgumentException>(() => new LastStep(new Linear(2, 2)));
    }
}
