using NeuralSharp.Autograd;
using NeuralSharp.Data;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>An input feature of the playground, computed from a point (x1, x2).</summary>
public enum PlaneFeature
{
    /// <summary>x1.</summary>
    X1,

    /// <summary>x2.</summary>
    X2,

    /// <summary>x1².</summary>
    X1Squared,

    /// <summary>x2².</summary>
    X2Squared,

    /// <summary>x1 x2.</summary>
    X1TimesX2,

    /// <summary>sin x1.</summary>
    SinX1,

    /// <summary>sin x2.</summary>
    SinX2,
}

/// <summary>The weight penalty added to the playground's loss.</summary>
public enum Regularization
{
    /// <summary>No penalty.</summary>
    None,

    /// <summary>rate · Σ|w| over the weights (sparse weights).</summary>
    L1,

    /// <summary>rate · Σw² over the weights (weight decay).</summary>
    L2,
}

/// <summary>Everything the playground's controls set; the defaults are TensorFlow Playground's.</summary>
public sealed record PlaygroundSettings
{
    /// <summary>The data set.</summary>
    public PlaneDataset Dataset { get; init; } = PlaneDataset.Circle;

    /// <summary>How far the classes overlap, in [0, 0.5].</summary>
    public double Noise { get; init; }

    /// <summary>The points drawn, split into training and test.</summary>
    public int Points { get; init; } = 500;

    /// <summary>The share of the points held out as the test set.</summary>
    public double TestShare { get; init; } = 0.5;

    /// <summary>The network's inputs.</summary>
    public IReadOnlyList<PlaneFeature> Features { get; init; } = [PlaneFeature.X1, PlaneFeature.X2];

    /// <summary>Units per hidden layer, input side first (empty: a logistic regression on the features).</summary>
    public IReadOnlyList<int> Hidden { get; init; } = [4, 2];

    /// <summary>The hidden activation: tanh, relu, sigmoid or linear.</summary>
    public string Activation { get; init; } = "tanh";

    /// <summary>The optimiser's learning rate.</summary>
    public double LearningRate { get; init; } = 0.03;

    /// <summary>Points per update.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>The weight penalty.</summary>
    public Regularization Regularization { get; init; }

    /// <summary>The weight penalty's rate.</summary>
    public double RegularizationRate { get; init; }

    /// <summary>Dropout probability after each hidden layer.</summary>
    public double Dropout { get; init; }

    /// <summary>The optimiser: sgd, momentum or adam.</summary>
    public string Optimizer { get; init; } = "sgd";

    /// <summary>Seeds the data, the initial weights, the batches and dropout.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>
/// The network of the browser playground (TensorFlow Playground's, on the library): a two-class problem in the plane,
/// chosen features of the point as inputs, hidden layers of any size, a logistic output trained by binary cross-entropy,
/// trained a few updates at a time so that a page can redraw between slices. The same settings give the same run.
/// </summary>
public sealed class PlaygroundModel
{
    private static readonly string[] ActivationNames = ["tanh", "relu", "sigmoid", "linear"];
    private readonly Tensor _trainFeatures;
    private readonly Tensor _testFeatures;
    private readonly Tensor _trainTargets;
    private readonly Tensor _testTargets;
    private readonly Optimizer _optimizer;
    private readonly Generator _order;
    private int[] _permutation = [];
    private int _position;

    /// <summary>Draws the data and builds a freshly initialised network.</summary>
    /// <exception cref="ArgumentException">A setting is out of range, naming it.</exception>
    public PlaygroundModel(PlaygroundSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Check(settings);
        Settings = settings;
        var points = PlaneDatasets.Generate(settings.Dataset, settings.Points, settings.Noise, new Generator(settings.Seed));
        var order = new Generator(settings.Seed + 1).Permutation(settings.Points);
        var testCount = Math.Clamp((int)Math.Round(settings.Points * settings.TestShare), 1, settings.Points - 1);
        Test = Subset(points, order[..testCount]);
        Train = Subset(points, order[testCount..]);
        _trainFeatures = Features(Train.Inputs, settings.Features);
        _testFeatures = Features(Test.Inputs, settings.Features);
        _trainTargets = Targets(Train.Labels!);
        _testTargets = Targets(Test.Labels!);
        Network = Build(settings, new Generator(settings.Seed + 2));
        _optimizer = settings.Optimizer switch
        {
            "sgd" => new SGD(Network.Parameters(), settings.LearningRate),
            "momentum" => new SGD(Network.Parameters(), settings.LearningRate, momentum: 0.9),
            _ => new Adam(Network.Parameters(), settings.LearningRate),
        };
        _order = new Generator(settings.Seed + 3);
        (TrainLoss, TestLoss) = (Loss(_trainFeatures, _trainTargets), Loss(_testFeatures, _testTargets));
    }

    /// <summary>The settings the model was built with.</summary>
    public PlaygroundSettings Settings { get; }

    /// <summary>The training points [n, 2] and their labels.</summary>
    public TensorDataset Train { get; }

    /// <summary>The test points [n, 2] and their labels.</summary>
    public TensorDataset Test { get; }

    /// <summary>The network: features in, one logit out.</summary>
    public Sequential Network { get; }

    /// <summary>The updates made so far.</summary>
    public long Updates { get; private set; }

    /// <summary>Passes over the training points made so far (fractional).</summary>
    public double Epochs => Updates * (double)Settings.BatchSize / Train.Count;

    /// <summary>The mean binary cross-entropy on the training points after the last slice.</summary>
    public double TrainLoss { get; private set; }

    /// <summary>The mean binary cross-entropy on the test points after the last slice.</summary>
    public double TestLoss { get; private set; }

    /// <summary>The activations a hidden layer may have.</summary>
    public static IReadOnlyList<string> Activations => ActivationNames;

    /// <summary>The features of points [n, 2], one column per feature, in the order given.</summary>
    public static Tensor Features(Tensor points, IReadOnlyList<PlaneFeature> features)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(features);
        var xy = points.ToArray();
        var n = points.Shape[0];
        var values = new float[n * features.Count];
        for (var i = 0; i < n; i++)
        {
            double x1 = xy[2 * i], x2 = xy[(2 * i) + 1];
            for (var f = 0; f < features.Count; f++)
            {
                values[(i * features.Count) + f] = (float)(features[f] switch
                {
                    PlaneFeature.X1 => x1,
                    PlaneFeature.X2 => x2,
                    PlaneFeature.X1Squared => x1 * x1,
                    PlaneFeature.X2Squared => x2 * x2,
                    PlaneFeature.X1TimesX2 => x1 * x2,
                    PlaneFeature.SinX1 => Math.Sin(x1),
                    PlaneFeature.SinX2 => Math.Sin(x2),
                });
            }
        }

        return Tensor.FromArray(values, n, features.Count);
    }

    /// <summary>Makes <paramref name="updates"/> mini-batch updates, then measures both losses.</summary>
    public void Step(int updates)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(updates);
        Network.Train();
        for (var u = 0; u < updates; u++)
        {
            var batch = NextBatch();
            _optimizer.ZeroGrad();
            var output = Network.Call(_trainFeatures.IndexSelect(0, batch));
            var loss = Losses.Loss.BinaryCrossEntropyWithLogits(output, _trainTargets.IndexSelect(0, batch));
            if (Settings.Regularization != Regularization.None && Settings.RegularizationRate > 0)
            {
                var weights = Network.NamedParameters().Where(p => p.Key.EndsWith("weight", StringComparison.Ordinal)).Select(p => p.Value);
                loss = loss + Penalty(weights);
            }

            loss.Backward();
            _optimizer.Step();
            Updates++;
        }

        (TrainLoss, TestLoss) = (Loss(_trainFeatures, _trainTargets), Loss(_testFeatures, _testTargets));
    }

    /// <summary>
    /// The probability of class 1 on a <paramref name="resolution"/> x <paramref name="resolution"/> grid over [-6, 6]²,
    /// row-major from the top (x2 = 6) down, each row from x1 = -6 rightwards: the decision map to draw.
    /// </summary>
    public float[] Probabilities(int resolution) => Evaluate(resolution, withUnits: false).Output;

    /// <summary>Each hidden unit's output on the grid of <see cref="Probabilities"/>, layer by layer, unit by unit.</summary>
    public IReadOnlyList<float[]> UnitOutputs(int resolution) => Evaluate(resolution, withUnits: true).Units;

    /// <summary>The centres of a grid's cells, as points [resolution², 2] in the order of <see cref="Probabilities"/>.</summary>
    public static Tensor Grid(int resolution)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 2);
        var points = new float[resolution * resolution * 2];
        for (var row = 0; row < resolution; row++)
        {
            for (var col = 0; col < resolution; col++)
            {
                var k = 2 * ((row * resolution) + col);
                points[k] = (float)(-PlaneDatasets.Extent + ((col + 0.5) * 2 * PlaneDatasets.Extent / resolution));
                points[k + 1] = (float)(PlaneDatasets.Extent - ((row + 0.5) * 2 * PlaneDatasets.Extent / resolution));
            }
        }

        return Tensor.FromArray(points, resolution * resolution, 2);
    }

    // The page redraws every frame: the unit maps' copies are made only when asked for.
    private (float[] Output, List<float[]> Units) Evaluate(int resolution, bool withUnits)
    {
        var units = new List<float[]>();
        Network.Eval();
        using (GradMode.NoGrad())
        {
            var x = Features(Grid(resolution), Settings.Features);
            var children = Network.Children().Cast<Module>().ToArray();
            for (var i = 0; i < children.Length; i++)
            {
                x = children[i].Call(x);
                if (withUnits && children[i] is not Linear && children[i] is not Dropout && i < children.Length - 1)
                {
                    var values = x.ToArray();
                    var width = x.Shape[1];
                    for (var u = 0; u < width; u++)
                    {
                        units.Add([.. Enumerable.Range(0, x.Shape[0]).Select(r => values[(r * width) + u])]);
                    }
                }
            }

            var output = x.Sigmoid().ToArray();
            Network.Train();
            return (output, units);
        }
    }

    private Tensor Penalty(IEnumerable<Tensor> weights)
    {
        var rate = Settings.RegularizationRate;
        return Settings.Regularization == Regularization.L2
            ? Losses.Loss.L2Penalty(weights, rate)
            : weights.Select(w => w.Abs().Sum()).Aggregate((a, b) => a + b) * rate;
    }

    private int[] NextBatch()
    {
        var batch = new int[Math.Min(Settings.BatchSize, Train.Count)];
        for (var i = 0; i < batch.Length; i++)
        {
            if (_position == _permutation.Length)
            {
                _permutation = _order.Permutation(Train.Count);
                _position = 0;
            }

            batch[i] = _permutation[_position++];
        }

        return batch;
    }

    private double Loss(Tensor features, Tensor targets)
    {
        Network.Eval();
        using (GradMode.NoGrad())
        {
            var value = Losses.Loss.BinaryCrossEntropyWithLogits(Network.Call(features), targets).ItemAsDouble();
            Network.Train();
            return value;
        }
    }

    private static Sequential Build(PlaygroundSettings s, Generator g)
    {
        var layers = new List<Module>();
        var inputs = s.Features.Count;
        foreach (var width in s.Hidden)
        {
            layers.Add(new Linear(inputs, width, generator: g));
            layers.Add(s.Activation switch
            {
                "tanh" => new Tanh(),
                "relu" => new ReLU(),
                "sigmoid" => new Sigmoid(),
                _ => new Identity(),
            });
            if (s.Dropout > 0)
            {
                layers.Add(new Dropout(s.Dropout, g));
            }

            inputs = width;
        }

        layers.Add(new Linear(inputs, 1, generator: g));
        return new Sequential([.. layers]);
    }

    private static TensorDataset Subset(TensorDataset data, int[] indices)
    {
        using (GradMode.NoGrad())
        {
            return new TensorDataset(data.Inputs.IndexSelect(0, indices), [.. indices.Select(i => data.Labels![i])]);
        }
    }

    private static Tensor Targets(int[] labels) => Tensor.FromArray([.. labels.Select(l => (float)l)], labels.Length, 1);

    private static void Check(PlaygroundSettings s)
    {
        if (s.Features.Count == 0 || s.Features.Distinct().Count() != s.Features.Count)
        {
            throw new ArgumentException("playground: choose at least one input feature, each once");
        }

        if (s.Hidden.Count > 8 || s.Hidden.Any(w => w < 1 || w > 16))
        {
            throw new ArgumentException($"playground: at most 8 hidden layers of 1 to 16 units, got [{string.Join(", ", s.Hidden)}]");
        }

        if (!ActivationNames.Contains(s.Activation))
        {
            throw new ArgumentException($"playground: unknown activation '{s.Activation}' (use {string.Join(", ", ActivationNames)})");
        }

        if (s.Optimizer is not ("sgd" or "momentum" or "adam"))
        {
            throw new ArgumentException($"playground: unknown optimiser '{s.Optimizer}' (use sgd, momentum or adam)");
        }

        if (!(s.LearningRate > 0 && s.LearningRate <= 10) || s.BatchSize < 1 || s.Points < 4 || !(s.TestShare > 0 && s.TestShare < 1)
            || !(s.Dropout >= 0 && s.Dropout < 1) || !(s.RegularizationRate >= 0))
        {
            throw new ArgumentException("playground: the learning rate must lie in (0, 10], the batch size and point count be positive, "
                + "the test share lie in (0, 1), dropout in [0, 1) and the regularisation rate be non-negative");
        }
    }
}
