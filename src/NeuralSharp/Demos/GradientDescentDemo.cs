using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One training run of <see cref="GradientDescentDemo"/>: the full training loss after every update.</summary>
/// <param name="Name">The method, e.g. "mini-batch (32)".</param>
/// <param name="BatchSize">Examples per update.</param>
/// <param name="Loss">The loss over the whole training set before the first update (index 0) and after each update.</param>
public sealed record DescentRun(string Name, int BatchSize, IReadOnlyList<double> Loss)
{
    /// <summary>The loss once <paramref name="examples"/> examples have been used (after the last update that stays within them).</summary>
    public double LossAfterExamples(int examples) => Loss[Math.Min(Loss.Count - 1, examples / BatchSize)];
}

/// <summary>What <see cref="GradientDescentDemo"/> returns.</summary>
/// <param name="Examples">The size of the training set.</param>
/// <param name="Batching">Batch, mini-batch and stochastic gradient descent at one learning rate.</param>
/// <param name="Momentum">Full-batch gradient descent on an ill-conditioned problem: plain at a safe learning rate, plain at ten times it, and the course's momentum at ten times it.</param>
public sealed record GradientDescentResult(int Examples, IReadOnlyList<DescentRun> Batching, IReadOnlyList<DescentRun> Momentum);

/// <summary>
/// Batch, mini-batch and stochastic gradient descent on one linear-regression problem, and momentum against
/// plain gradient descent. Per update, the full batch makes the most progress (it has the exact gradient);
/// per example seen, stochastic updates make the most (each example moves the weights at once). On a long
/// narrow valley plain gradient descent must keep its step below 2 / (largest curvature) or it diverges,
/// and then crawls along the valley floor; momentum (v &lt;- lambda v - (1 - lambda) g, w &lt;- w + eta v) damps
/// the oscillation across the valley, so it stays stable at ten times the step and gets down much faster.
/// </summary>
public static class GradientDescentDemo
{
    /// <summary>Runs both comparisons. The first uses <paramref name="epochs"/> passes for the stochastic and mini-batch runs and <paramref name="updates"/> updates for every run.</summary>
    public static GradientDescentResult Run(int examples = 256, int features = 8, int epochs = 8, int updates = 100, double learningRate = 0.05, int seed = 1)
    {
        var g = new Generator(seed);
        var (x, y) = Problem(examples, features, 1.0, 0.1, g);
        var batching = new List<DescentRun>();
        foreach (var (name, batch) in new[] { ("batch", examples), ("mini-batch (32)", 32), ("stochastic (1)", 1) })
        {
            var steps = Math.Max(updates, epochs * examples / batch);
            var model = Model(features, seed);
            batching.Add(new DescentRun(name, batch, Train(model, new SGD(model.Parameters(), learningRate), x, y, batch, steps, new Generator(seed + 2))));
        }

        // An ill-conditioned problem without noise (its minimum is 0): feature scales from 0.1 to 1 make the curvatures differ a hundredfold.
        var (xi, yi) = Problem(examples, features, 0.1, 0, new Generator(seed + 3));
        var safe = 0.5;
        var momentum = new List<DescentRun>();
        foreach (var (name, make) in new (string, Func<Module, Optimizer>)[]
        {
            ($"plain, lr {safe}", m => new SGD(m.Parameters(), safe)),
            ($"plain, lr {safe * 10}", m => new SGD(m.Parameters(), safe * 10)),
            ($"momentum 0.9, lr {safe * 10}", m => new CourseMomentum(m.Parameters(), safe * 10, 0.9)),
        })
        {
            var model = Model(features, seed);
            momentum.Add(new DescentRun(name, examples, Train(model, make(model), xi, yi, examples, 2 * updates, new Generator(seed + 2))));
        }

        return new GradientDescentResult(examples, batching, momentum);
    }

    /// <summary>
    /// y = x w* + noise (standard deviation <paramref name="noise"/>) for random w*, with feature j scaled by a factor from <paramref name="smallestScale"/>
    /// up to 1, so that the loss's curvatures range over smallestScale^2 to 1.
    /// </summary>
    private static (Tensor X, Tensor Y) Problem(int examples, int features, double smallestScale, double noise, Generator g)
    {
        var scales = Enumerable.Range(0, features).Select(j => features == 1 ? 1 : smallestScale + ((1 - smallestScale) * j / (features - 1))).ToArray();
        var x = Tensor.Randn([examples, features], generator: g) * Tensor.FromArray(scales.Select(s => (float)s).ToArray(), 1, features);
        var w = Tensor.Randn([features, 1], generator: g);
        var y = x.MatMul(w) + (Tensor.Randn([examples, 1], generator: g) * noise);
        return (x, y);
    }

    private static Linear Model(int features, int seed)
    {
        var model = new Linear(features, 1, generator: new Generator(seed + 1));
        Init.Zeros(model.Weight);
        Init.Zeros(model.Bias!);
        return model;
    }

    /// <summary>
    /// <paramref name="steps"/> updates on batches of <paramref name="batch"/> examples, reshuffled every pass
    /// (a full batch is the whole set); the loss over the whole set is recorded before and after each update.
    /// A run whose loss passes 1e6 stops there (it has diverged).
    /// </summary>
    private static List<double> Train(Module model, Optimizer optimizer, Tensor x, Tensor y, int batch, int steps, Generator g)
    {
        var n = x.Size(0);
        var losses = new List<double> { FullLoss(model, x, y) };
        int[] order = [];
        var position = n;
        for (var step = 0; step < steps; step++)
        {
            if (position + batch > n)
            {
                order = batch == n ? Enumerable.Range(0, n).ToArray() : g.Permutation(n);
                position = 0;
            }

            var indices = order[position..(position + batch)];
            position += batch;
            optimizer.ZeroGrad();
            Loss.MeanSquaredError(model.Forward(x.IndexSelect(0, indices)), y.IndexSelect(0, indices)).Backward();
            optimizer.Step();
            var loss = FullLoss(model, x, y);
            losses.Add(loss);
            if (!(loss < 1e6))
            {
                break;
            }
        }

        return losses;
    }

    private static double FullLoss(Module model, Tensor x, Tensor y)
    {
        using var _ = GradMode.NoGrad();
        return Loss.MeanSquaredError(model.Forward(x), y).ItemAsDouble();
    }
}
