using NeuralSharp.Generative;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Generative;

/// <summary>The variational autoencoder (issue 14): the reparameterisation, the KL term, its loss's value and gradient.</summary>
public class VariationalAutoencoderTests
{
    private static Tensor Logits() => Seeded(41, 3, 5) * 2.0;

    private static Tensor Targets() => Tensor.Rand([3, 5], generator: new Generator(42), dtype: DType.Float64);

    private static Tensor Means() => Seeded(43, 3, 2);

    private static Tensor LogVariances() => Seeded(44, 3, 2) * 0.5;

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.25)]
    [InlineData(4.0)]
    public void LossIsTheSummedCrossEntropyPlusBetaTimesTheClosedFormKl(double beta)
    {
        double[] z = Logits().ToDoubleArray(), t = Targets().ToDoubleArray(), mu = Means().ToDoubleArray(), lv = LogVariances().ToDoubleArray();
        var expected = new double[3];
        for (var n = 0; n < 3; n++)
        {
            for (var i = 0; i < 5; i++)
            {
                var p = 1 / (1 + Math.Exp(-z[(n * 5) + i]));
                expected[n] -= (t[(n * 5) + i] * Math.Log(p)) + ((1 - t[(n * 5) + i]) * Math.Log(1 - p));
            }

            for (var j = 0; j < 2; j++)
            {
                var (m, v) = (mu[(n * 2) + j], lv[(n * 2) + j]);
                expected[n] += beta * 0.5 * (Math.Exp(v) + (m * m) - 1 - v);
            }
        }

        AssertClose(expected, Loss.Vae(Logits(), Targets(), Means(), LogVariances(), beta, Reduction.None), 1e-12);
        AssertClose([expected.Average()], Loss.Vae(Logits(), Targets(), Means(), LogVariances(), beta), 1e-12);
        AssertClose([expected.Sum()], Loss.Vae(Logits(), Targets(), Means(), LogVariances(), beta, Reduction.Sum), 1e-12);
    }

    [Fact]
    public void KlTermVanishesExactlyAtThePrior()
    {
        var zeros = Tensor.Zeros([3, 2], DType.Float64);
        var withPrior = Loss.Vae(Logits(), Targets(), zeros, zeros).ItemAsDouble();
        var reconstructionOnly = Loss.BinaryCrossEntropyWithLogits(Logits(), Targets(), Reduction.Sum).ItemAsDouble() / 3;
        Assert.Equal(reconstructionOnly, withPrior, 12);
    }

    [Fact]
    public void LossGradientMatchesFiniteDifferencesInEveryInput()
    {
        var t = Targets();
        AssertGradients(xs => Loss.Vae(xs[0], t, xs[1], xs[2], beta: 0.7), Logits(), Means(), LogVariances());
        AssertGradients(xs => Loss.Vae(xs[0], t, xs[1], xs[2], reduction: Reduction.None), Logits(), Means(), LogVariances());
    }

    [Fact]
    public void ReparameterisationIsDifferentiableAndHasTheRightMoments()
    {
        AssertGradients(xs => VariationalAutoencoder.Reparameterize(xs[0], xs[1], new Generator(5)), Means(), LogVariances());
        var mean = Tensor.Full([20_000, 1], 1.5, DType.Float64);
        var logVariance = Tensor.Full([20_000, 1], Math.Log(0.25), DType.Float64);
        var z = VariationalAutoencoder.Reparameterize(mean, logVariance, new Generator(6)).ToDoubleArray();
        var m = z.Average();
        var sd = Math.Sqrt(z.Select(v => (v - m) * (v - m)).Average());
        Assert.InRange(m, 1.49, 1.51);
        Assert.InRange(sd, 0.49, 0.51);
    }

    [Fact]
    public void EvaluationModeDecodesTheMeanAndTrainingModeDraws()
    {
        var vae = AutoencoderNetworks.VariationalDense(6, [5], 2, new Generator(1));
        Assert.Equal(["encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias"], vae.StateDict().Keys);
        Assert.Equal(new Shape(4, 5), vae.StateDict()["encoder.2.weight"].Shape);
        Assert.StartsWith("VariationalAutoencoder(", vae.ToString());
        var x = Tensor.Rand([3, 6], generator: new Generator(2));
        var o = vae.Forward(x);
        Assert.Equal((new Shape(3, 6), new Shape(3, 2), new Shape(3, 2)), (o.ReconstructionLogits.Shape, o.Mean.Shape, o.LogVariance.Shape));
        Assert.NotEqual(vae.Decode(o.Mean).ToDoubleArray(), o.ReconstructionLogits.ToDoubleArray());
        vae.Eval();
        var e = vae.Forward(x);
        AssertClose(vae.Decode(e.Mean).ToDoubleArray(), e.ReconstructionLogits, 0);
        var generated = vae.Generate(4);
        Assert.Equal(new Shape(4, 6), generated.Shape);
        Assert.All(generated.ToDoubleArray(), v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void TrainingLowersTheBoundAndIsDeterministicForASeed()
    {
        double[] Train()
        {
            var g = new Generator(8);
            // Four binary prototypes: a 2-D code can tell them apart, so the bound can fall far below 16 bits.
            var r = new Generator(9);
            float[][] prototypes = [.. Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, 16).Select(_ => r.NextDouble() > 0.5 ? 1f : 0f).ToArray())];
            var x = Tensor.FromArray([.. Enumerable.Range(0, 64).SelectMany(n => prototypes[n % 4])], 64, 16);
            var vae = AutoencoderNetworks.VariationalDense(16, [12], 2, g);
            var adam = new Adam(vae.Parameters(), 1e-2);
            var losses = new List<double>();
            for (var step = 0; step < 150; step++)
            {
                adam.ZeroGrad();
                var o = vae.Forward(x);
                var loss = Loss.Vae(o.ReconstructionLogits, x, o.Mean, o.LogVariance);
                loss.Backward();
                adam.Step();
                losses.Add(loss.ItemAsDouble());
            }

            return [.. losses];
        }

        var first = Train();
        Assert.True(first[^1] < first[0] * 0.5, $"{first[0]} -> {first[^1]}");
        Assert.Equal(first, Train());
    }

    [Fact]
    public void BadShapesAndBetaAreRefusedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.Vae(Logits(), Targets(), Means(), Seeded(1, 3, 3)));
        Assert.Contains("vae: the mean [3, 2] and log-variance [3, 3]", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.Vae(Logits(), Targets(), Means(), LogVariances(), beta: -1));
        var bad = new VariationalAutoencoder(new Linear(6, 3, generator: new Generator(1)), new Linear(1, 6, generator: new Generator(1)));
        Assert.Contains("not [N, 2 x latent]", Assert.Throws<ArgumentException>(() => bad.Forward(Tensor.Zeros([2, 6]))).Message);
    }
}
