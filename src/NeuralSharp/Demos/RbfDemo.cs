using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One model's score on the RBF demo's two tasks, at one size.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="HiddenUnits">Its radial or hidden units (0 for the linear model).</param>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="TestMse">Mean squared error on the noise-free curve.</param>
/// <param name="Training">How it was fitted, in words.</param>
public sealed record RbfComparisonRow(string Model, int HiddenUnits, int Parameters, double TestMse, string Training);

/// <summary>One classifier's accuracy on the rings data set.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="TrainAccuracy">Share of the training points classified correctly.</param>
/// <param name="TestAccuracy">Share of the held-out points classified correctly.</param>
public sealed record RbfClassificationRow(string Model, int Parameters, double TrainAccuracy, double TestAccuracy);

/// <summary>The fitted curves of the regression task, for the picture.</summary>
/// <param name="TrainX">The noisy training inputs.</param>
/// <param name="TrainY">The noisy training targets.</param>
/// <param name="GridX">Where the curves are drawn.</param>
/// <param name="Target">The noise-free target on the grid.</param>
/// <param name="Rbf">The closed-form RBF network's curve.</param>
/// <param name="Mlp">The MLP's curve, with as many hidden units as the RBF network has centres.</param>
/// <param name="Linear">The best straight line.</param>
/// <param name="Centres">The RBF network's centres.</param>
public sealed record RbfCurves(double[] TrainX, double[] TrainY, double[] GridX, double[] Target, double[] Rbf, double[] Mlp, double[] Linear, double[] Centres);

/// <summary>What <see cref="RbfDemo.Run"/> measures.</summary>
/// <param name="Regression">Test error per model and size on the 1-D curve.</param>
/// <param name="Classification">Accuracies on two concentric rings.</param>
/// <param name="Curves">The curves of the models with <see cref="RbfDemo.PictureUnits"/> units.</param>
public sealed record RbfDemoResult(IReadOnlyList<RbfComparisonRow> Regression, IReadOnlyList<RbfClassificationRow> Classification, RbfCurves Curves);

/// <summary>
/// Radial basis function networks beside the MLP on the same data (Broomhead and Lowe, 1988): a 1-D curve fitted
/// by k-means centres, spread widths and a least-squares readout in one pass, against a tanh MLP of the same
/// parameter count trained by Adam and against the best straight line; and two concentric rings, which no linear
/// unit separates, classified by both.
/// </summary>
public static class RbfDemo
{
    /// <summary>The hidden sizes compared on the curve.</summary>
    public static readonly int[] Sizes = [2, 4, 8, 16];

    /// <summary>The size whose curves are drawn.</summary>
    public const int PictureUnits = 8;

    /// <summary>The Adam steps an MLP gets (full batch).</summary>
    public const int MlpSteps = 3000;

    /// <summary>The curve both families fit: a sine with a slow quadratic drift, on [-3, 3].</summary>
    public static double Target(double x) => Math.Sin(2 * x) + (0.3 * x * x);

    /// <summary>Fits every model on both tasks from <paramref name="seed"/>.</summary>
    public static RbfDemoResult Run(int seed = 1)
    {
        var g = new Generator(seed);
        const int n = 60;
        var trainX = Enumerable.Range(0, n).Select(_ => -3 + (6 * g.NextDouble())).Order().ToArray();
        var trainY = trainX.Select(x => Target(x) + (0.1 * g.NextNormal())).ToArray();
        var gridX = Enumerable.Range(0, 200).Select(i => -3 + (6.0 * i / 199)).ToArray();
        var target = gridX.Select(Target).ToArray();
        var (x, y, grid) = (Column(trainX), Column(trainY), Column(gridX));

        var rows = new List<RbfComparisonRow>();
        var line = FitLine(trainX, trainY);
        var lineCurve = gridX.Select(v => line.Slope * v + line.Intercept).ToArray();
        rows.Add(new RbfComparisonRow("linear", 0, 2, Mse(lineCurve, target), "least squares"));
        double[] rbfCurve = [], mlpCurve = [], centres = [];
        foreach (var k in Sizes)
        {
            var rbf = RbfNetwork.Fit(x, y, centres: k, new Generator(seed + k), ridge: 1e-8);
            var rbfOut = Predict(rbf, grid).ToDoubleArray();
            rows.Add(new RbfComparisonRow("RBF", k, Count(rbf), Mse(rbfOut, target), "k-means + least squares"));

            var mlp = DemoNetworks.Mlp([1, k, 1], () => new Tanh(), new Generator(seed + 100 + k)).Double();
            Train(mlp, x, y, MlpSteps, 0.02);
            var mlpOut = Predict(mlp, grid).ToDoubleArray();
            rows.Add(new RbfComparisonRow("MLP (tanh)", k, Count(mlp), Mse(mlpOut, target), $"{MlpSteps} Adam steps"));
            if (k == PictureUnits)
            {
                (rbfCurve, mlpCurve, centres) = (rbfOut, mlpOut, rbf.Centres.ToDoubleArray());
            }
        }

        return new RbfDemoResult(rows, Rings(seed), new RbfCurves(trainX, trainY, gridX, target, rbfCurve, mlpCurve, lineCurve, centres));
    }

    // Two rings (radius 1 and 2, both noisy): the classes share a centre, so any linear boundary gets about half wrong.
    private static List<RbfClassificationRow> Rings(int seed)
    {
        var g = new Generator(seed + 7);
        (Tensor X, Tensor OneHot, int[] Labels) Sample(int count)
        {
            var points = new double[count * 2];
            var oneHot = new double[count * 2];
            var labels = new int[count];
            for (var i = 0; i < count; i++)
            {
                labels[i] = i % 2;
                var radius = 1 + labels[i] + (0.15 * g.NextNormal());
                var angle = 2 * Math.PI * g.NextDouble();
                (points[2 * i], points[(2 * i) + 1]) = (radius * Math.Cos(angle), radius * Math.Sin(angle));
                oneHot[(2 * i) + labels[i]] = 1;
            }

            return (Tensor.FromArray(points, count, 2), Tensor.FromArray(oneHot, count, 2), labels);
        }

        var train = Sample(200);
        var test = Sample(400);
        var rows = new List<RbfClassificationRow>();

        var design = (Tensor t) => Tensor.Concat([t, Tensor.Ones([t.Size(0), 1], DType.Float64)], 1);
        var linear = LeastSquares.Solve(design(train.X), train.OneHot);
        rows.Add(new RbfClassificationRow("linear", 6,
            Accuracy(design(train.X).MatMul(linear), train.Labels), Accuracy(design(test.X).MatMul(linear), test.Labels)));

        var rbf = RbfNetwork.Fit(train.X, train.OneHot, centres: 12, new Generator(seed + 11), ridge: 1e-6);
        rows.Add(new RbfClassificationRow("RBF, 12 centres", Count(rbf), Accuracy(Predict(rbf, train.X), train.Labels), Accuracy(Predict(rbf, test.X), test.Labels)));

        var mlp = DemoNetworks.Mlp([2, 12, 2], () => new Tanh(), new Generator(seed + 12)).Double();
        Train(mlp, train.X, train.OneHot, MlpSteps, 0.02);
        rows.Add(new RbfClassificationRow("MLP (tanh), 12 units", Count(mlp), Accuracy(Predict(mlp, train.X), train.Labels), Accuracy(Predict(mlp, test.X), test.Labels)));
        return rows;
    }

    private static void Train(Module net, Tensor x, Tensor y, int steps, double learningRate)
    {
        var optimizer = new Adam(net.Parameters(), learningRate);
        var loss = new MseLoss();
        for (var step = 0; step < steps; step++)
        {
            optimizer.ZeroGrad();
            loss.Compute(net.Forward(x), y).Backward();
            optimizer.Step();
        }
    }

    private static Tensor Predict(Module net, Tensor x)
    {
        using var _ = GradMode.NoGrad();
        return net.Forward(x);
    }

    private static double Accuracy(Tensor scores, int[] labels)
    {
        var s = scores.ToDoubleArray();
        return labels.Select((label, i) => (s[2 * i] > s[(2 * i) + 1] ? 0 : 1) == label ? 1.0 : 0).Average();
    }

    private static int Count(Module net) => (int)net.ParameterCount;

    private static Tensor Column(double[] values) => Tensor.FromArray(values, values.Length, 1);

    private static double Mse(double[] a, double[] b) => a.Zip(b, (u, v) => (u - v) * (u - v)).Average();

    private static (double Slope, double Intercept) FitLine(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        var slope = x.Zip(y, (u, v) => (u - mx) * (v - my)).Sum() / x.Sum(u => (u - mx) * (u - mx));
        return (slope, my - (slope * mx));
    }
}
