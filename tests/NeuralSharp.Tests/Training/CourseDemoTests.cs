using NeuralSharp.Autograd;
using NeuralSharp.Demos;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Training;

/// <summary>The claims of the course's demonstrations (issue 13), asserted on the library computations at reduced sizes.</summary>
public class CourseDemoTests
{
    [Fact]
    public void SigmoidGradientShrinksByAtMostAQuarterPerLayerWhileReluWithHeHoldsIt()
    {
        const int depth = 6;
        var rows = VanishingGradientsDemo.Run(depth: depth, width: 48, batch: 64, seed: 3);
        Assert.Equal(depth + 1, rows.Count);
        Assert.Equal(Enumerable.Range(1, depth + 1), rows.Select(r => r.Layer));

        // sigma'(z) = s(1 - s) <= 1/4 everywhere, so its mean is too.
        Assert.All(rows.Skip(1), r => Assert.InRange(r.SigmoidDerivative, 0.05, 0.25));

        // Between square hidden layers (Xavier: gain ~1) the gradient shrinks by about mean sigma' per layer.
        var ratios = Enumerable.Range(2, depth - 2).Select(i => rows[i].SigmoidNorm / rows[i - 1].SigmoidNorm).ToArray();
        Assert.All(ratios, r => Assert.InRange(r, 0.1, 0.3));
        var geometricMean = Math.Exp(ratios.Average(Math.Log));
        Assert.True(geometricMean <= 0.25, $"sigmoid ratios {string.Join(", ", ratios)}");

        // ReLU + He: each layer's gradient within a factor of about 2 of the one above; end to end far above the sigmoid's.
        var reluRatios = Enumerable.Range(1, depth).Select(i => rows[i].ReluNorm / rows[i - 1].ReluNorm).ToArray();
        Assert.All(reluRatios, r => Assert.InRange(r, 0.4, 2.5));
        var sigmoidEndToEnd = rows[^1].SigmoidNorm / rows[0].SigmoidNorm;
        var reluEndToEnd = rows[^1].ReluNorm / rows[0].ReluNorm;
        Assert.True(reluEndToEnd > 0.05, $"ReLU end to end {reluEndToEnd}");
        Assert.True(sigmoidEndToEnd < Math.Pow(0.3, depth - 1), $"sigmoid end to end {sigmoidEndToEnd}");
    }

    [Fact]
    public void OnlyHeInitialisationKeepsTheSpreadThroughReluLayers()
    {
        const int depth = 6;
        var runs = InitializationDemo.Run(depth: depth, width: 128, batch: 128, seed: 2);
        Assert.Equal(InitializationDemo.Initializers.Select(i => i.Name), runs.Select(r => r.Name));
        Assert.All(runs, r => Assert.Equal(depth + 1, r.Std.Count));
        double EndToEnd(string name) => runs.Single(r => r.Name.StartsWith(name, StringComparison.Ordinal)) is var r ? r.Std[^1] / r.Std[0] : 0;

        // He: Var(w) = 2 / fan_in makes up for the half of the signal ReLU zeroes.
        Assert.InRange(EndToEnd("He"), 0.5, 1.5);

        // Var(w) = 1 / fan_in (1/sqrt(fan_in), Xavier on square layers, LeCun) halves the variance per layer: std x 1/sqrt(2).
        var halving = Math.Pow(Math.Sqrt(0.5), depth);
        Assert.InRange(EndToEnd("N(0, 1) / sqrt"), halving / 2, halving * 2);
        Assert.InRange(EndToEnd("Xavier"), halving / 2, halving * 2);
        Assert.InRange(EndToEnd("LeCun"), halving / 2, halving * 2);

        // N(0, 0.01^2) on 128 inputs: std x 0.01 sqrt(128 / 2) = 0.08 per layer, strictly falling.
        var small = runs[0].Std;
        Assert.All(Enumerable.Range(1, depth), l => Assert.True(small[l] < small[l - 1] * 0.2, $"layer {l}: {small[l]} after {small[l - 1]}"));
        Assert.True(small[^1] / small[0] < 1e-5, $"small Gaussian end to end {small[^1] / small[0]}");
    }

    [Fact]
    public void MoreReluUnitsFitTheSmoothFunctionBetter()
    {
        var result = UniversalApproximationDemo.Run(maxUnits: 32, points: 120, seed: 2);
        Assert.Equal([1, 2, 4, 8, 16, 32], result.Fits.Select(f => f.Units));
        Assert.Equal(result.X.Select(UniversalApproximationDemo.Target), result.Target);
        for (var i = 1; i < result.Fits.Count; i++)
        {
            // The kinks are random, so a fit need not beat the previous one exactly; it must not be much worse.
            Assert.True(result.Fits[i].MeanSquaredError < result.Fits[i - 1].MeanSquaredError * 1.2,
                $"{result.Fits[i].Units} units: {result.Fits[i].MeanSquaredError} after {result.Fits[i - 1].MeanSquaredError}");
        }

        Assert.True(result.Fits[^1].MeanSquaredError < result.Fits[0].MeanSquaredError / 100, string.Join(", ", result.Fits.Select(f => f.MeanSquaredError)));
        foreach (var fit in result.Fits)
        {
            var mse = result.Target.Zip(fit.Prediction, (t, p) => (t - p) * (t - p)).Average();
            Assert.Equal(mse, fit.MeanSquaredError, 1e-9);
        }
    }

    [Fact]
    public void ParityNeedsExponentiallyManyAndUnitsInOneLayerButLinearlyManyInATree()
    {
        for (var d = 2; d <= 8; d++)
        {
            var (x, y) = ParityDemo.Data(d);
            Assert.Equal(1 << d, x.Shape[0]);
            Assert.True(ParityDemo.Computes(ParityDemo.DnfNetwork(d), x, y), $"AND-unit network, d = {d}");
            Assert.True(ParityDemo.Computes(ParityDemo.DeepNetwork(d), x, y), $"XOR tree, d = {d}");
        }

        var rows = ParityDemo.Run(minBits: 2, maxBits: 5, maxWidth: 16, steps: 600, seed: 1);
        Assert.Equal([2, 3, 4, 5], rows.Select(r => r.Bits));
        Assert.All(rows, r =>
        {
            Assert.Equal(1 << (r.Bits - 1), r.DnfUnits);
            Assert.True(r.DnfCorrect && r.DeepCorrect);
            Assert.InRange(r.DeepUnits, r.Bits, 4 * r.Bits);

            // Parity is not linearly separable: one hidden unit is never enough.
            Assert.NotNull(r.TrainedWidth);
            Assert.True(r.TrainedWidth >= 2, $"d = {r.Bits}: width {r.TrainedWidth}");
        });

        var deep8 = DemoNetworks.Linears(ParityDemo.DeepNetwork(8)).SkipLast(1).Sum(l => l.OutFeatures);
        Assert.True(deep8 * 5 < 128, $"XOR tree for 8 bits: {deep8} hidden units");
    }

    [Fact]
    public void DeeperNetworksBeatOneWideLayerAtEqualParameterCounts()
    {
        const int budget = 500;
        var rows = DepthDemo.Run(depths: [1, 3], parameterBudget: budget, points: 200, steps: 400, seed: 1);
        Assert.All(rows, r =>
        {
            Assert.Equal(DepthDemo.ParameterCount(r.Layers, r.Width), r.Parameters);
            Assert.True(r.Parameters <= budget);
            Assert.True(DepthDemo.ParameterCount(r.Layers, r.Width + 1) > budget, $"{r.Layers} layers: width {r.Width} is not the largest");
        });

        Assert.True(rows[0].Width > 3 * rows[1].Width);
        Assert.True(rows[1].TestError < rows[0].TestError - 0.05, $"1 x {rows[0].Width}: {rows[0].TestError}, 2 x {rows[1].Width}: {rows[1].TestError}");
        Assert.True(rows[1].TrainError < rows[0].TrainError);
    }

    [Fact]
    public void ALargeLearningRateKillsReluUnitsButNotLeakyEluOrMaxoutUnits()
    {
        var runs = DeadReluDemo.Run(epochs: 3, examples: 192, width: 32, seed: 1);
        Assert.Equal(["ReLU, lr 0.001", "ReLU, lr 0.1", "leaky ReLU (0.01), lr 0.1", "ELU, lr 0.1", "Maxout (k = 2), lr 0.1"], runs.Select(r => r.Name));
        Assert.All(runs, r => Assert.Equal(4, r.DeadFraction.Count));
        Assert.All(runs, r => Assert.True(r.DeadFraction[0] < 0.05, $"{r.Name}: {r.DeadFraction[0]} dead before training"));

        var safe = runs[0];
        var large = runs[1];
        Assert.True(large.LearningRate > safe.LearningRate);
        Assert.True(large.DeadFraction[^1] > 0.1, $"ReLU at lr {large.LearningRate}: {large.DeadFraction[^1]} dead");
        Assert.True(large.DeadFraction[^1] > safe.DeadFraction[^1] + 0.1);
        foreach (var r in runs.Skip(2))
        {
            Assert.All(r.DeadFraction, f => Assert.Equal(0, f));
            Assert.True(r.Loss[^1] < r.Loss[0], $"{r.Name} did not learn");
        }
    }

    [Fact]
    public void DeadFractionCountsUnitsWithZeroDerivativeOnEveryExample()
    {
        var net = new Sequential(new Linear(2, 3, generator: new Generator(1)), new ReLU(), new Linear(3, 1, generator: new Generator(2)));
        using (GradMode.NoGrad())
        {
            // Unit 0 is always off (bias -100), units 1 and 2 on somewhere.
            var linear = (Linear)net[0];
            linear.Weight.CopyFrom(Tensor.FromArray(new float[] { 0, 0, 1, 0, 0, 1 }, 3, 2));
            linear.Bias!.CopyFrom(Tensor.FromArray(new float[] { -100, 0, 0 }));
        }

        var x = Tensor.FromArray(new float[] { 1, 1, -1, 2, 3, -1 }, 3, 2);
        Assert.Equal(1.0 / 3, DeadReluDemo.DeadFraction(net, x), 1e-12);
    }

    [Fact]
    public void ActivationDerivativesByAutogradMatchFiniteDifferences()
    {
        (string, Module)[] activations = [("relu", new ReLU()), ("sigmoid", new Sigmoid()), ("tanh", new Tanh()), ("leaky", new LeakyReLU(0.01)), ("elu", new ELU()), ("softplus", new SoftPlus()), ("step", new Step())];
        var curves = ActivationsDemo.Run(activations, -3, 3, 301);
        Assert.Equal(activations.Select(a => a.Item1), curves.Select(c => c.Name));
        foreach (var c in curves)
        {
            Assert.Equal(301, c.X.Length);
            for (var i = 1; i < c.X.Length - 1; i++)
            {
                if (Math.Abs(c.X[i]) < 0.05)
                {
                    continue; // the kinks of ReLU, leaky ReLU, ELU's second derivative and the step
                }

                var numeric = (c.Y[i + 1] - c.Y[i - 1]) / (c.X[i + 1] - c.X[i - 1]);
                Assert.True(Math.Abs(numeric - c.Derivative[i]) < 2e-3, $"{c.Name} at {c.X[i]}: autograd {c.Derivative[i]}, finite difference {numeric}");
            }
        }

        var sigmoid = curves.Single(c => c.Name == "sigmoid");
        Assert.Equal(0.25, sigmoid.Derivative.Max(), 1e-6);
        Assert.All(curves.Single(c => c.Name == "step").Derivative, d => Assert.Equal(0, d));
    }

    [Fact]
    public void StochasticWinsPerExampleBatchPerUpdateAndMomentumOnAValley()
    {
        var r = GradientDescentDemo.Run(examples: 128, features: 6, epochs: 4, updates: 60, seed: 1);
        var n = r.Examples;
        Assert.Equal(["batch", "mini-batch (32)", "stochastic (1)"], r.Batching.Select(d => d.Name));
        var (batch, mini, sgd) = (r.Batching[0], r.Batching[1], r.Batching[2]);
        Assert.Equal([n, 32, 1], r.Batching.Select(d => d.BatchSize));

        // Per update the exact gradient makes the most progress; per example seen, one example per update does.
        Assert.True(batch.Loss[10] < sgd.Loss[10], $"after 10 updates: batch {batch.Loss[10]}, stochastic {sgd.Loss[10]}");
        Assert.True(sgd.LossAfterExamples(n) < mini.LossAfterExamples(n), $"after {n} examples: stochastic {sgd.LossAfterExamples(n)}, mini-batch {mini.LossAfterExamples(n)}");
        Assert.True(mini.LossAfterExamples(n) < batch.LossAfterExamples(n), $"after {n} examples: mini-batch {mini.LossAfterExamples(n)}, batch {batch.LossAfterExamples(n)}");
        Assert.All(r.Batching, d => Assert.True(d.Loss[^1] < d.Loss[0] / 10, $"{d.Name}: {d.Loss[0]} -> {d.Loss[^1]}"));

        // The ill-conditioned problem: plain GD diverges at ten times its safe step, momentum does not and gets far lower.
        var (plain, tooLarge, momentum) = (r.Momentum[0], r.Momentum[1], r.Momentum[2]);
        Assert.True(tooLarge.Loss.Count < momentum.Loss.Count || !double.IsFinite(tooLarge.Loss[^1]) || tooLarge.Loss[^1] > tooLarge.Loss[0],
            $"plain GD at the large step did not diverge: {tooLarge.Loss[^1]}");
        Assert.Equal(plain.Loss.Count, momentum.Loss.Count);
        Assert.True(momentum.Loss[^1] < plain.Loss[^1] / 30, $"momentum {momentum.Loss[^1]}, plain {plain.Loss[^1]}");
    }

    [Fact]
    public void ADeepLinearNetworkIsOneLinearMap()
    {
        var r = LinearCollapseDemo.Run(sizes: [5, 16, 16, 16, 3], inputs: 50, seed: 4);
        Assert.Equal(4, r.Layers);
        Assert.True(r.MaxOutput > 1e-3, $"outputs too small to compare: {r.MaxOutput}");
        Assert.True(r.MaxDifference < 1e-10, $"deep linear vs collapsed: {r.MaxDifference}");
        Assert.True(r.ReluMaxDifference > 1e6 * r.MaxDifference && r.ReluMaxDifference > 1e-3, $"with ReLU: {r.ReluMaxDifference}");
        Assert.Equal(r.T.Length, r.Deep.Length);
        Assert.All(r.Deep.Zip(r.Collapsed), p => Assert.Equal(p.First, p.Second, 1e-10));
    }

    [Fact]
    public void CollapseMultipliesTheWeightsOutInOrder()
    {
        var first = new Linear(2, 2, generator: new Generator(1)).Double();
        var second = new Linear(2, 1, generator: new Generator(2)).Double();
        using (GradMode.NoGrad())
        {
            first.Weight.CopyFrom(Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2));
            first.Bias!.CopyFrom(Tensor.FromArray(new double[] { 1, -1 }));
            second.Weight.CopyFrom(Tensor.FromArray(new double[] { 5, 6 }, 1, 2));
            second.Bias!.CopyFrom(Tensor.FromArray(new double[] { 0.5 }));
        }

        var (w, b) = LinearCollapseDemo.Collapse([first, second]);

        // [5 6] [[1 2] [3 4]] = [23 34]; [5 6] [1 -1] + 0.5 = -0.5.
        Assert.Equal([23.0, 34.0], w.ToDoubleArray());
        Assert.Equal([-0.5], b.ToDoubleArray());
    }
}
