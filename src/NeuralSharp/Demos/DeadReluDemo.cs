using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One training run of <see cref="DeadReluDemo"/>.</summary>
/// <param name="Name">The activation and learning rate.</param>
/// <param name="LearningRate">The SGD learning rate.</param>
/// <param name="DeadFraction">After each epoch (index 0: before training), the fraction of hidden units whose activation has zero derivative on every training example: such a unit passes no gradient back and can never change again.</param>
/// <param name="Loss">The training loss after each epoch (index 0: before training).</param>
public sealed record DeadUnitsRun(string Name, double LearningRate, IReadOnlyList<double> DeadFraction, IReadOnlyList<double> Loss);

/// <summary>
/// Dead ReLUs: a too-large learning rate throws many units' biases so far negative that their input is
/// below zero for every example; ReLU's derivative is then 0 everywhere, no gradient reaches the unit's
/// weights, and it stays dead for good. The course's advice, leaky ReLU, ELU or Maxout, keeps a non-zero
/// derivative for negative inputs (or passes the gradient to the largest of its pieces), so no unit can
/// die, whatever the learning rate. A unit counts as dead when the derivative of its activation, taken by
/// autograd, is zero on every training example.
/// </summary>
public static class DeadReluDemo
{
    /// <summary>The activations compared: a name and the hidden layer (Linear plus activation) it builds from (in, out, generator).</summary>
    public static IReadOnlyList<(string Name, Func<int, int, Generator, Module[]> Layer)> Activations { get; } =
    [
        ("ReLU", (i, o, g) => [new Linear(i, o, generator: g), new ReLU()]),
        ("leaky ReLU (0.01)", (i, o, g) => [new Linear(i, o, generator: g), new LeakyReLU(0.01)]),
        ("ELU", (i, o, g) => [new Linear(i, o, generator: g), new ELU()]),
        ("Maxout (k = 2)", (i, o, g) => [new Maxout(i, o, 2, g)]),
    ];

    /// <summary>
    /// Trains a 10-64-64-1 network by mini-batch Adam: ReLU at <paramref name="safeRate"/>, then every activation at
    /// <paramref name="largeRate"/>.
    /// </summary>
    public static IReadOnlyList<DeadUnitsRun> Run(double safeRate = 0.001, double largeRate = 0.1, int epochs = 8, int examples = 384, int width = 64, int seed = 1)
    {
        var g = new Generator(seed);
        var x = Tensor.Randn([examples, 10], generator: g);
        var y = ((x.Narrow(1, 0, 1) * 3.0).Tanh() + (x.Narrow(1, 1, 1) * x.Narrow(1, 2, 1))) * 2.0;
        var runs = new List<DeadUnitsRun>();
        foreach (var (name, rate) in new[] { (Activations[0].Name, safeRate) }.Concat(Activations.Select(a => (a.Name, largeRate))))
        {
            var layer = Activations.Single(a => a.Name == name).Layer;
            var gen = new Generator(seed + 1);
            var net = new Sequential([.. layer(10, width, gen), .. layer(width, width, gen), new Linear(width, 1, generator: gen)]);
            var optimizer = new Adam(net.Parameters(), rate);
            var dead = new List<double> { DeadFraction(net, x) };
            var losses = new List<double> { FullLoss(net, x, y) };
            var order = new Generator(seed + 2);
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                var permutation = order.Permutation(examples);
                for (var start = 0; start + 32 <= examples; start += 32)
                {
                    var batch = permutation[start..(start + 32)];
                    optimizer.ZeroGrad();
                    Loss.MeanSquaredError(net.Forward(x.IndexSelect(0, batch)), y.IndexSelect(0, batch)).Backward();
                    optimizer.Step();
                }

                dead.Add(DeadFraction(net, x));
                losses.Add(FullLoss(net, x, y));
            }

            runs.Add(new DeadUnitsRun($"{name}, lr {rate}", rate, dead, losses));
        }

        return runs;
    }

    /// <summary>
    /// The fraction of hidden units (over all hidden layers) that pass no gradient on any example of <paramref name="x"/>:
    /// each activation module's input is made a leaf that requires its gradient, the sum of the module's output is
    /// differentiated, and a unit is dead where that derivative is zero for every example. For Maxout the
    /// module's own input is its pre-activations, and a unit's k pieces are dead together.
    /// </summary>
    public static double DeadFraction(Sequential net, Tensor x)
    {
        var dead = 0;
        var units = 0;
        Tensor h;
        using (GradMode.NoGrad())
        {
            h = x;
        }

        for (var i = 0; i < net.Count - 1; i++)
        {
            var layer = net[i];
            if (layer is Linear)
            {
                using (GradMode.NoGrad())
                {
                    h = layer.Forward(h);
                }

                continue;
            }

            Tensor input;
            Tensor output;
            if (layer is Maxout maxout)
            {
                // The pre-activations x W^T + b, then the max over each unit's k pieces.
                using (GradMode.NoGrad())
                {
                    input = h.MatMul(maxout.Weight.T) + maxout.Bias;
                }

                input = input.Detach().RequireGrad();
                output = Functional.Maxout(input, maxout.K);
            }
            else
            {
                input = h.Detach().RequireGrad();
                output = layer.Forward(input);
            }

            output.Sum().Backward();
            var derivative = input.Grad!.Abs().Sum(0).ToDoubleArray();
            var pieces = derivative.Length / output.Size(1);
            for (var u = 0; u < output.Size(1); u++)
            {
                units++;
                if (derivative.Skip(u * pieces).Take(pieces).All(v => v == 0))
                {
                    dead++;
                }
            }

            h = output.Detach();
        }

        return units == 0 ? 0 : dead / (double)units;
    }

    private static double FullLoss(Module net, Tensor x, Tensor y)
    {
        using var _ = GradMode.NoGrad();
        return Loss.MeanSquaredError(net.Forward(x), y).ItemAsDouble();
    }
}
