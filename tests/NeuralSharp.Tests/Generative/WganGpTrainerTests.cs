using NeuralSharp.Data;
using NeuralSharp.Generative;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Generative;

/// <summary>The gradient-penalty Wasserstein GAN (issue 14's optional part): the penalty's value and gradient, and training on a 2-D mixture.</summary>
public class WganGpTrainerTests
{
    [Fact]
    public void PenaltyOfALinearCriticIsTheDistanceOfItsWeightNormFromOne()
    {
        // D(x) = w.x + b has the gradient w everywhere, so the penalty is (||w|| - 1)^2 wherever it is taken.
        var critic = new Linear(3, 1, generator: new Generator(1)).Double();
        critic.StateDict()["weight"].CopyFrom(Tensor.FromArray([2.0, -1.0, 2.0], 1, 3));
        var penalty = WganGpTrainer.GradientPenalty(critic, Seeded(2, 5, 3), Seeded(3, 5, 3), new Generator(4));
        Assert.Equal(4.0, penalty.ItemAsDouble(), 9); // (3 - 1)^2
    }

    [Fact]
    public void PenaltyGradientWithRespectToTheCriticsWeightsMatchesFiniteDifferences()
    {
        var critic = new Sequential(new Linear(2, 5, generator: new Generator(5)), new Tanh(), new Linear(5, 1, generator: new Generator(6))).Double();
        var (real, fake) = (Seeded(7, 4, 2), Seeded(8, 4, 2));
        var names = critic.StateDict().Keys.ToArray();
        AssertGradients(
            ws => WganGpTrainer.GradientPenalty(new Functional(critic, names, ws), real, fake, new Generator(9)),
            [.. names.Select(n => critic.StateDict()[n].Clone())]);
    }

    [Fact]
    public void TrainingOnAMixtureBringsTheMomentsCloserAndIsDeterministic()
    {
        (double Distance, double[] Gaps) Train()
        {
            var g = new Generator(1);
            var centres = new[] { (2.0, 1.0), (-2.0, 1.0), (2.0, -1.0), (-2.0, -1.0) };
            var r = new Generator(2);
            var values = new float[2 * 2048];
            for (var i = 0; i < 2048; i++)
            {
                var (cx, cy) = centres[r.NextInt(4)];
                (values[2 * i], values[(2 * i) + 1]) = ((float)(cx + (0.3 * r.NextNormal())), (float)(cy + (0.3 * r.NextNormal())));
            }

            var data = Tensor.FromArray(values, 2048, 2);
            var generator = new Sequential(new Linear(4, 32, generator: g), new Tanh(), new Linear(32, 32, generator: g), new Tanh(), new Linear(32, 2, generator: g));
            var critic = new Sequential(new Linear(2, 32, generator: g), new Tanh(), new Linear(32, 32, generator: g), new Tanh(), new Linear(32, 1, generator: g));
            var wgan = new WganGpTrainer(generator, critic,
                new Adam(generator.Parameters(), 1e-3, beta1: 0.5, beta2: 0.9), new Adam(critic.Parameters(), 1e-3, beta1: 0.5, beta2: 0.9),
                latentFeatures: 4, penaltyWeight: 1, criticSteps: 2, noise: new Generator(3));
            var gaps = new List<double>();
            var loader = new DataLoader(new TensorDataset(data, data), 64, shuffle: true, generator: new Generator(4), dropLast: true);
            for (var epoch = 0; epoch < 40; epoch++)
            {
                gaps.Add(loader.Select(b => wgan.Step(b.Inputs).WassersteinEstimate).Average());
            }

            var samples = wgan.Sample(Tensor.Randn([2048, 4], generator: new Generator(5)));
            var (sm, dm) = (samples.Mean(0).ToDoubleArray(), data.Mean(0).ToDoubleArray());
            var (sv, dv) = (((samples - samples.Mean(0)).Square()).Mean(0).ToDoubleArray(), ((data - data.Mean(0)).Square()).Mean(0).ToDoubleArray());
            var distance = Math.Sqrt(sm.Zip(dm).Sum(p => Math.Pow(p.First - p.Second, 2))) + Math.Sqrt(sv.Zip(dv).Sum(p => Math.Pow(p.First - p.Second, 2)));
            return (distance, [.. gaps]);
        }

        var (distance, gaps) = Train();
        Assert.True(distance < 0.6, $"moment distance {distance}; Wasserstein estimates per epoch {string.Join(", ", gaps.Select(v => v.ToString("F3")))}");
        Assert.True(gaps[^1] < gaps.Max() / 3, $"Wasserstein estimates per epoch {string.Join(", ", gaps.Select(v => v.ToString("F3")))}");
        Assert.Equal(gaps, Train().Gaps);
    }

    // The critic with its parameters replaced by the checked tensors, so that the penalty is a function of them.
    private sealed class Functional(Module critic, string[] names, Tensor[] values) : Module
    {
        public override Tensor Forward(Tensor input) => critic.FunctionalCall(names.Zip(values).ToDictionary(p => p.First, p => p.Second), input);
    }
}
