using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One network of <see cref="ResidualDemo"/>.</summary>
/// <param name="Model">The network's name.</param>
/// <param name="Parameters">Its parameter count (the same for both).</param>
/// <param name="GradientNorms">||dL/dW|| of each of its Linear layers at initialisation, from the input layer to the output layer.</param>
/// <param name="TrainLoss">The training MSE before training and after every <see cref="ResidualResult.LogEvery"/> steps.</param>
/// <param name="TestMse">The MSE on held-out points after training.</param>
public sealed record ResidualCurve(string Model, long Parameters, double[] GradientNorms, double[] TrainLoss, double TestMse);

/// <summary>What <see cref="ResidualDemo.Run"/> measured.</summary>
/// <param name="Layers">Linear layers in each network.</param>
/// <param name="Width">Units per hidden layer.</param>
/// <param name="LogEvery">Steps between two entries of <see cref="ResidualCurve.TrainLoss"/>.</param>
/// <param name="BaselineMse">The test MSE of predicting the training targets' mean.</param>
/// <param name="Curves">The plain network, then the residual one.</param>
public sealed record ResidualResult(int Layers, int Width, int LogEvery, double BaselineMse, IReadOnlyList<ResidualCurve> Curves);

/// <summary>
/// Shortcut connections through depth (He et al., 2016): a plain tanh MLP of 30 Linear layers and the same 30 layers
/// grouped into residual blocks x + f(x), f = Linear(tanh(Linear(tanh(x)))), with the same initialisation, the same
/// data and the same optimiser. In the plain network every layer multiplies the backward signal by W^T diag(tanh'),
/// which at the default initialisation shrinks it, so the early layers get almost no gradient and the network
/// stays at the mean's error; in the residual one the identity path carries the gradient to every block, and it learns.
/// </summary>
public static class ResidualDemo
{
    /// <summary>The networks compared, in the order of <see cref="ResidualResult.Curves"/>.</summary>
    public static readonly string[] Models = ["plain", "residual"];

    /// <summary>Inputs per point.</summary>
    public const int Inputs = 8;

    /// <summary>The function both networks fit, of an input <paramref name="x"/> of <see cref="Inputs"/> values.</summary>
    public static double Target(ReadOnlySpan<float> x) => Math.Sin(2 * x[0]) + (x[1] * x[2]) - (0.5 * x[3] * x[3]) + (0.5 * Math.Cos(x[4] + x[5]));

    /// <summary><paramref name="count"/> standard normal inputs [count, 8] and their targets [count, 1].</summary>
    public static (Tensor X, Tensor Y) Data(int count, Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var x = new float[count * Inputs];
        var y = new float[count];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)g.NextNormal();
        }

        for (var n = 0; n < count; n++)
        {
            y[n] = (float)Target(x.AsSpan(n * Inputs, Inputs));
        }

        return (Tensor.FromArray(x, count, Inputs), Tensor.FromArray(y, count, 1));
    }

    /// <summary>
    /// The network named <paramref name="model"/>: <paramref name="layers"/> Linear layers (an even number), the first
    /// from the inputs to <paramref name="width"/>, the last to one output. The plain one has a tanh between every two;
    /// the residual one groups the middle layers in pairs into blocks x + Linear(tanh(Linear(tanh(x)))).
    /// </summary>
    public static Sequential Network(string model, int layers, int width, Generator g)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 4);
        if (layers % 2 != 0)
        {
            throw new ArgumentException($"residual: the layer count must be even, got {layers}", nameof(layers));
        }

        var net = new Sequential(new Linear(Inputs, width, generator: g));
        for (var i = 0; i < (layers - 2) / 2; i++)
        {
            if (model == "plain")
            {
                net.Add(new Tanh());
                net.Add(new Linear(width, width, generator: g));
                net.Add(new Tanh());
                net.Add(new Linear(width, width, generator: g));
            }
            else if (model == "residual")
            {
                net.Add(new Residual(new Sequential(new Tanh(), new Linear(width, width, generator: g), new Tanh(), new Linear(width, width, generator: g))));
            }
            else
            {
                throw new ArgumentException($"residual: unknown model '{model}'", nameof(model));
            }
        }

        net.Add(new Tanh());
        net.Add(new Linear(width, 1, generator: g));
        return net;
    }

    /// <summary>Every Linear layer of <paramref name="net"/>, inside residual blocks too, from the input to the output.</summary>
    public static Linear[] Linears(Module net)
    {
        ArgumentNullException.ThrowIfNull(net);
        return [.. net.NamedModules().Select(m => m.Value).OfType<Linear>()];
    }

    /// <summary>
    /// Builds both networks with <paramref name="layers"/> Linear layers of <paramref name="width"/> from the same seed,
    /// measures each layer's gradient norm on the training set at initialisation, then trains each for
    /// <paramref name="steps"/> full-batch Adam steps.
    /// </summary>
    public static ResidualResult Run(int seed = 1, int layers = 30, int width = 32, int points = 512, int steps = 400, double learningRate = 1e-3, int logEvery = 10)
    {
        var (trainX, trainY) = Data(points, new Generator(seed));
        var (testX, testY) = Data(points, new Generator(seed + 1));
        var mean = trainY.Mean().ItemAsDouble();
        var baseline = (testY - mean).Square().Mean().ItemAsDouble();
        var curves = Models.Select(model =>
        {
            var net = Network(model, layers, width, new Generator(seed + 2));
            net.ZeroGrad();
            Loss.MeanSquaredError(net.Forward(trainX), trainY).Backward();
            var norms = Linears(net).Select(l => DemoNetworks.Norm(l.Weight.Grad!)).ToArray();

            var optimizer = new Adam(net.Parameters(), learningRate);
            var losses = new List<double>();
            for (var step = 0; step <= steps; step++)
            {
                optimizer.ZeroGrad();
                var loss = Loss.MeanSquaredError(net.Forward(trainX), trainY);
                if (step % logEvery == 0)
                {
                    losses.Add(loss.ItemAsDouble());
                }

                if (step < steps)
                {
                    loss.Backward();
                    optimizer.Step();
                }
            }

            double test;
            using (GradMode.NoGrad())
            {
                test = Loss.MeanSquaredError(net.Forward(testX), testY).ItemAsDouble();
            }

            return new ResidualCurve(model, net.ParameterCount, norms, [.. losses], test);
        }).ToArray();
        return new ResidualResult(layers, width, logEvery, baseline, curves);
    }
}
