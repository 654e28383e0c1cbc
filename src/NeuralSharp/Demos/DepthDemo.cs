using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One architecture of <see cref="DepthDemo"/>.</summary>
/// <param name="Layers">The number of hidden layers.</param>
/// <param name="Width">Units per hidden layer.</param>
/// <param name="Parameters">Weights and biases in all.</param>
/// <param name="TrainError">The fraction of training points misclassified after training.</param>
/// <param name="TestError">The fraction of held-out points misclassified.</param>
public sealed record DepthRow(int Layers, int Width, long Parameters, double TrainError, double TestError);

/// <summary>
/// Thin and tall against fat and short: networks with 1 to several hidden layers, each as wide as a fixed
/// budget of parameters allows, trained the same way on the two-spirals problem (two interleaved spiral
/// arms, a classic that a single layer finds hard). At equal parameter counts the deeper networks reach
/// lower error, as in the course's table of layers x size against error.
/// </summary>
public static class DepthDemo
{
    /// <summary>Trains one network per depth in <paramref name="depths"/> with about <paramref name="parameterBudget"/> parameters each.</summary>
    public static IReadOnlyList<DepthRow> Run(int[]? depths = null, int parameterBudget = 500, int points = 400, int steps = 600, int seed = 1)
    {
        depths ??= [1, 2, 3, 4];
        var (trainX, trainY) = Spirals(points, new Generator(seed));
        var (testX, testY) = Spirals(points, new Generator(seed + 1));
        return depths.Select(layers =>
        {
            var width = WidthFor(layers, parameterBudget);
            int[] sizes = [2, .. Enumerable.Repeat(width, layers), 1];
            var net = DemoNetworks.Mlp(sizes, () => new Tanh(), new Generator(seed + 2));
            var optimizer = new Adam(net.Parameters(), 0.01);
            for (var step = 0; step < steps; step++)
            {
                optimizer.ZeroGrad();
                Loss.BinaryCrossEntropyWithLogits(net.Forward(trainX), trainY).Backward();
                optimizer.Step();
            }

            return new DepthRow(layers, width, net.ParameterCount, Error(net, trainX, trainY), Error(net, testX, testY));
        }).ToArray();
    }

    /// <summary>Parameters of a 2-input, 1-output network with <paramref name="layers"/> hidden layers of <paramref name="width"/>.</summary>
    public static long ParameterCount(int layers, int width) => (3L * width) + ((layers - 1L) * ((long)width * width + width)) + width + 1;

    /// <summary>The largest width whose network has at most <paramref name="budget"/> parameters.</summary>
    public static int WidthFor(int layers, int budget)
    {
        var width = 1;
        while (ParameterCount(layers, width + 1) <= budget)
        {
            width++;
        }

        return width;
    }

    /// <summary>
    /// Two spiral arms of <paramref name="points"/>/2 points each, one per class, 1.75 turns, radius up to 1,
    /// with a little noise; targets [n, 1] of 0 and 1.
    /// </summary>
    public static (Tensor X, Tensor Y) Spirals(int points, Generator g)
    {
        var x = new float[points * 2];
        var y = new float[points];
        for (var i = 0; i < points; i++)
        {
            var arm = i % 2;
            var r = 0.05 + (0.95 * g.NextDouble());
            var angle = (r * Turns * 2 * Math.PI) + (arm * Math.PI);
            x[2 * i] = (float)((r * Math.Cos(angle)) + (0.02 * g.NextNormal()));
            x[(2 * i) + 1] = (float)((r * Math.Sin(angle)) + (0.02 * g.NextNormal()));
            y[i] = arm;
        }

        return (Tensor.FromArray(x, points, 2), Tensor.FromArray(y, points, 1));
    }

    /// <summary>How many turns each spiral arm makes.</summary>
    public const double Turns = 2.5;

    private static double Error(Module net, Tensor x, Tensor y)
    {
        using var _ = GradMode.NoGrad();
        return net.Forward(x).Gt(0.0).Ne(y).Mean().ItemAsDouble();
    }
}
