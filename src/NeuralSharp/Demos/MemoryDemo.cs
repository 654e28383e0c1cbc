using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Demos;

/// <summary>One recurrent network's training on <see cref="MemoryDemo"/>'s adding problem.</summary>
/// <param name="Model">The network's name.</param>
/// <param name="Parameters">Its parameter count.</param>
/// <param name="TrainLoss">The mean training loss (MSE) of each epoch.</param>
/// <param name="TestMse">The test MSE after each epoch.</param>
public sealed record MemoryCurve(string Model, long Parameters, double[] TrainLoss, double[] TestMse);

/// <summary>What <see cref="MemoryDemo.Run"/> measured.</summary>
/// <param name="Length">The sequence length T.</param>
/// <param name="Hidden">The hidden size of every network.</param>
/// <param name="TrainSequences">Training sequences (one pass over them is an epoch).</param>
/// <param name="TestSequences">Held-out sequences the test MSE is measured on.</param>
/// <param name="BaselineMse">The test MSE of always predicting the training targets' mean (about 1/6).</param>
/// <param name="Curves">One per network trained, in the order asked for (the plain RNN, the LSTM and the GRU by default).</param>
public sealed record MemoryResult(int Length, int Hidden, int TrainSequences, int TestSequences, double BaselineMse, IReadOnlyList<MemoryCurve> Curves);

/// <summary>
/// Long-range memory: the adding problem (Hochreiter and Schmidhuber, 1997). Each step of a sequence of length T
/// carries a random number in [0, 1] and a marker; exactly two steps are marked, one in each half, and the target
/// is the sum of the two marked numbers. A network has to keep the first number for T/2 steps or more. Predicting
/// the mean (1) scores the targets' variance, 2/12 = 0.167. A plain tanh RNN, whose gradient through time goes
/// like a power of its recurrent matrix, stays at that level; the LSTM and the GRU, whose gated cell state
/// carries the gradient along, learn it. Same hidden size, same data, Adam and gradient clipping for all three; the
/// LSTM's forget and input biases start from the chrono initialisation, without which it stays on the mean's plateau
/// for longer than the demo trains.
/// </summary>
public static class MemoryDemo
{
    /// <summary>The networks compared, in the order of <see cref="MemoryResult.Curves"/>.</summary>
    public static readonly string[] Models = ["RNN (tanh)", "LSTM", "GRU"];

    /// <summary>
    /// <paramref name="count"/> adding-problem sequences of length <paramref name="length"/>, batch-first:
    /// inputs [count, length, 2] (the number, then the marker 0 or 1) and targets [count, 1].
    /// </summary>
    public static (Tensor X, Tensor Y) AddingProblem(int count, int length, Generator g)
    {
        ArgumentNullException.ThrowIfNull(g);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        var x = new float[count * length * 2];
        var y = new float[count];
        for (var n = 0; n < count; n++)
        {
            var first = g.NextInt(length / 2);
            var second = (length / 2) + g.NextInt(length - (length / 2));
            for (var t = 0; t < length; t++)
            {
                var i = ((n * length) + t) * 2;
                x[i] = (float)g.NextDouble();
                if (t == first || t == second)
                {
                    x[i + 1] = 1;
                    y[n] += x[i];
                }
            }
        }

        return (Tensor.FromArray(x, count, length, 2), Tensor.FromArray(y, count, 1));
    }

    /// <summary>
    /// The network named <paramref name="model"/> (one of <see cref="Models"/>): a recurrent layer of <paramref name="hidden"/>
    /// units read at the last step, then one output. The LSTM's gate biases start from the chrono initialisation for
    /// sequences of <paramref name="length"/> steps.
    /// </summary>
    public static Module Network(string model, int hidden, int length, Generator g) => model switch
    {
        // The Elman network's own output o(T) = c + V h(T) is the readout the gated ones get from a Linear layer.
        "RNN (tanh)" => new LastStep(new ElmanRNN(2, hidden, 1, batchFirst: true, generator: g)),
        "LSTM" => new Sequential(new LastStep(ChronoLstm(hidden, length, g)), new Linear(hidden, 1, generator: g)),
        "GRU" => new Sequential(new LastStep(new GRU(2, hidden, batchFirst: true, generator: g)), new Linear(hidden, 1, generator: g)),
        _ => throw new ArgumentException($"memory: unknown model '{model}'", nameof(model)),
    };

    // PyTorch's LSTM starts its forget gate near 1/2, so the cell state halves at every step until the gate learns to
    // open. The chrono initialisation (Tallec and Ollivier, 2018) draws each unit's forget bias as log(u), u uniform in
    // [1, T - 1], and its input bias as -log(u), so the units start with memory times spread up to the sequence length.
    private static LSTM ChronoLstm(int hidden, int length, Generator g)
    {
        var lstm = new LSTM(2, hidden, batchFirst: true, generator: g);
        var parameters = lstm.NamedParameters().ToDictionary(p => p.Key, p => p.Value);
        var (ih, hh) = (parameters["bias_ih_l0"], parameters["bias_hh_l0"]);
        var (input, recurrent) = (ih.ToDoubleArray(), hh.ToDoubleArray());

        // PyTorch's gate order: input, forget, cell, output.
        for (var j = 0; j < hidden; j++)
        {
            var forget = Math.Log(1 + (g.NextDouble() * (length - 2)));
            (input[j], recurrent[j]) = (-forget, 0);
            (input[hidden + j], recurrent[hidden + j]) = (forget, 0);
        }

        using (GradMode.NoGrad())
        {
            ih.CopyFrom(Tensor.FromArray(input, input.Length).To(ih.DType));
            hh.CopyFrom(Tensor.FromArray(recurrent, recurrent.Length).To(hh.DType));
        }

        return lstm;
    }

    /// <summary>
    /// Trains each of <paramref name="models"/> (by default <see cref="Models"/>) on the same <paramref name="trainSequences"/> sequences of length
    /// <paramref name="length"/> for <paramref name="epochs"/> epochs (Adam, mini-batches of <paramref name="batch"/>,
    /// gradient norm clipped to 1), measuring the test MSE after every epoch.
    /// </summary>
    public static MemoryResult Run(int seed = 1, int length = 50, int hidden = 24, int trainSequences = 2000, int testSequences = 500, int epochs = 8, int batch = 32, double learningRate = 0.02, string[]? models = null)
    {
        var (trainX, trainY) = AddingProblem(trainSequences, length, new Generator(seed));
        var (testX, testY) = AddingProblem(testSequences, length, new Generator(seed + 1));
        var mean = trainY.Mean().ItemAsDouble();
        var baseline = (testY - mean).Square().Mean().ItemAsDouble();
        var curves = (models ?? Models).Select(model =>
        {
            var net = Network(model, hidden, length, new Generator(seed + 2));
            var optimizer = new Adam(net.Parameters(), learningRate);
            var order = new Generator(seed + 3);
            var trainLoss = new double[epochs];
            var testMse = new double[epochs];
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                var perm = order.Permutation(trainSequences);
                var sum = 0.0;
                var batches = 0;
                for (var start = 0; start + batch <= trainSequences; start += batch)
                {
                    var index = perm[start..(start + batch)];
                    optimizer.ZeroGrad();
                    var loss = Loss.MeanSquaredError(net.Forward(trainX.IndexSelect(0, index)), trainY.IndexSelect(0, index));
                    loss.Backward();
                    GradientClipping.ClipGradNorm(net.Parameters(), 1.0);
                    optimizer.Step();
                    sum += loss.ItemAsDouble();
                    batches++;
                }

                trainLoss[epoch] = sum / batches;
                using var _ = GradMode.NoGrad();
                testMse[epoch] = Loss.MeanSquaredError(net.Forward(testX), testY).ItemAsDouble();
            }

            return new MemoryCurve(model, net.ParameterCount, trainLoss, testMse);
        }).ToArray();
        return new MemoryResult(length, hidden, trainSequences, testSequences, baseline, curves);
    }
}
