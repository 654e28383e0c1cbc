using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>What <see cref="EchoStateDemo.Run"/> measured.</summary>
/// <param name="Truth">The test part of the series, the values to predict.</param>
/// <param name="Prediction">The network's prediction of each of them, from the series up to the step before.</param>
/// <param name="TrainError">The normalised root mean squared error on the training part (after the washout).</param>
/// <param name="TestError">The normalised root mean squared error on the test part.</param>
/// <param name="PersistenceError">The same error for predicting that the series stays where it is (the baseline to beat).</param>
/// <param name="GradientDescentError">The test error of the same reservoir with its readout trained by gradient descent instead.</param>
/// <param name="SpectralRadius">The reservoir's spectral radius, measured after rescaling.</param>
public sealed record EchoStateResult(double[] Truth, double[] Prediction, double TrainError, double TestError, double PersistenceError, double GradientDescentError, double SpectralRadius);

/// <summary>
/// An echo state network predicts the Mackey-Glass series (a chaotic delay differential equation), one step
/// ahead: only the linear readout is trained, by ridge regression, on the first part of the series, then it
/// predicts the rest.
/// </summary>
public static class EchoStateDemo
{
    /// <summary>
    /// The Mackey-Glass series dx/dt = beta x(t - tau) / (1 + x(t - tau)^10) - gamma x(t) with beta 0.2, gamma 0.1,
    /// integrated by Euler steps of 0.1 from x = 1.2 and sampled every <paramref name="sampleEvery"/> time units,
    /// after a transient of 500 samples. tau = 17 is chaotic.
    /// </summary>
    public static double[] MackeyGlass(int count, double tau = 17, double sampleEvery = 1, double dt = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var delay = (int)Math.Round(tau / dt);
        var perSample = (int)Math.Round(sampleEvery / dt);
        const int transient = 500;
        var total = (count + transient) * perSample;
        var x = new double[total + delay + 1];
        Array.Fill(x, 1.2, 0, delay + 1);
        for (var i = delay; i < x.Length - 1; i++)
        {
            var lagged = x[i - delay];
            x[i + 1] = x[i] + (dt * ((0.2 * lagged / (1 + Math.Pow(lagged, 10))) - (0.1 * x[i])));
        }

        return [.. Enumerable.Range(0, count).Select(k => x[delay + ((k + transient) * perSample)])];
    }

    /// <summary>Runs the demonstration: a reservoir of <paramref name="reservoir"/> units, <paramref name="train"/> training and <paramref name="test"/> test steps.</summary>
    public static EchoStateResult Run(int seed = 1, int reservoir = 200, int train = 1500, int test = 500, int washout = 100, double spectralRadius = 0.9)
    {
        var series = MackeyGlass(train + test + 1);

        // Centred near 0, where tanh is steep.
        var u = series.Select(v => v - 0.9).ToArray();
        var esn = new EchoStateNetwork(1, reservoir, 1, spectralRadius, density: 0.1, inputScaling: 1, leakRate: 1, washout: washout, generator: new Generator(seed)).Double();
        var inputs = Tensor.FromArray(u[..(train + test)], train + test, 1);
        var targets = Tensor.FromArray(u[1..], train + test, 1);
        var trainIn = inputs.Narrow(0, 0, train);
        var trainTarget = targets.Narrow(0, 0, train);
        esn.FitRidge(trainIn, trainTarget, ridge: 1e-8);
        double[] predicted;
        using (GradMode.NoGrad())
        {
            // The whole series runs through the reservoir, so the test part starts from the state training ended in.
            predicted = esn.Forward(inputs).ToDoubleArray();
        }

        var truth = u[(train + 1)..(train + test + 1)];
        var prediction = predicted[train..];
        var trainTruth = u[(washout + 1)..(train + 1)];
        var trainPrediction = predicted[washout..train];
        var persistence = u[train..(train + test)];

        var gd = new EchoStateNetwork(esn.Config, new Generator(seed)).Double();
        gd.FitGradientDescent(trainIn, trainTarget, steps: 1000, learningRate: 2e-2);
        double[] gdPredicted;
        using (GradMode.NoGrad())
        {
            gdPredicted = gd.Forward(inputs).ToDoubleArray()[train..];
        }

        return new EchoStateResult(
            [.. truth.Select(v => v + 0.9)],
            [.. prediction.Select(v => v + 0.9)],
            Nrmse(trainTruth, trainPrediction),
            Nrmse(truth, prediction),
            Nrmse(truth, persistence),
            Nrmse(truth, gdPredicted),
            Eigenvalues.SpectralRadius(esn.Weight));
    }

    /// <summary>The root mean squared error divided by the standard deviation of the truth (1 is as good as predicting the mean).</summary>
    public static double Nrmse(double[] truth, double[] prediction)
    {
        var mean = truth.Average();
        var variance = truth.Average(v => (v - mean) * (v - mean));
        var mse = truth.Select((v, i) => (v - prediction[i]) * (v - prediction[i])).Average();
        return Math.Sqrt(mse / variance);
    }
}
