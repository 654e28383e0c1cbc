using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One row of a truth table: the inputs, the expected output and what a network computed.</summary>
public sealed record TruthTableRow(float X1, float X2, float Expected, float Output);

/// <summary>
/// XOR: not linearly separable, so no single neuron computes it, but a 2-2-1 sigmoid network does, with
/// hand-set weights (h1 = sigma(20 x1 + 20 x2 - 10), h2 = sigma(-20 x1 - 20 x2 + 30), y = sigma(20 h1 + 20 h2 - 30))
/// or trained from random weights.
/// </summary>
public static class XorDemo
{
    /// <summary>The four XOR examples, inputs [4, 2] and targets [4, 1].</summary>
    public static (Tensor Inputs, Tensor Targets) Data() =>
        (Tensor.FromArray([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], 4, 2), Tensor.FromArray([0f, 1f, 1f, 0f], 4, 1));

    /// <summary>A 2-2-1 sigmoid network (Linear, Sigmoid, Linear, Sigmoid).</summary>
    public static Sequential Network(Generator generator) =>
        new(new Linear(2, 2, generator: generator), new Sigmoid(), new Linear(2, 1, generator: generator), new Sigmoid());

    /// <summary>
    /// The course's hand-set weights: h1 = sigma(20 x1 + 20 x2 - 10) is OR, h2 = sigma(-20 x1 - 20 x2 + 30) is
    /// NAND, y = sigma(20 h1 + 20 h2 - 30) is their AND, which is XOR.
    /// </summary>
    public static Sequential HandSet()
    {
        var net = Network(new Generator(0));
        using (GradMode.NoGrad())
        {
            ((Linear)net[0]).Weight.CopyFrom(Tensor.FromArray([20f, 20f, -20f, -20f], 2, 2));
            ((Linear)net[0]).Bias!.CopyFrom(Tensor.FromArray([-10f, 30f]));
            ((Linear)net[2]).Weight.CopyFrom(Tensor.FromArray([20f, 20f], 1, 2));
            ((Linear)net[2]).Bias!.CopyFrom(Tensor.FromArray([-30f]));
        }

        return net;
    }

    /// <summary>Trains a 2-2-1 network from random weights by full-batch gradient descent on the quadratic cost.</summary>
    public static (Sequential Network, int Epochs, double Loss) Train(int seed = 2, double learningRate = 2.0, int maxEpochs = 20_000)
    {
        var net = Network(new Generator(seed));
        var (x, y) = Data();
        var optimizer = new SGD(net.Parameters(), learningRate, momentum: 0.9);
        var loss = new QuadraticLoss();
        double value = double.NaN;
        for (var epoch = 1; epoch <= maxEpochs; epoch++)
        {
            optimizer.ZeroGrad();
            var l = loss.Compute(net.Forward(x), y);
            value = l.ItemAsDouble();
            l.Backward();
            optimizer.Step();
            if (value < 1e-3)
            {
                return (net, epoch, value);
            }
        }

        return (net, maxEpochs, value);
    }

    /// <summary>The network's output for each of the four inputs.</summary>
    public static IReadOnlyList<TruthTableRow> TruthTable(Module network)
    {
        var (x, y) = Data();
        Tensor output;
        using (GradMode.NoGrad())
        {
            output = network.Forward(x);
        }

        return Enumerable.Range(0, 4).Select(i => new TruthTableRow(x[i, 0], x[i, 1], y[i, 0], output[i, 0])).ToArray();
    }
}
