using NeuralSharp.Nn;
using NeuralSharp.Training;

namespace NeuralSharp.Cli.Setup;

/// <summary>A regression model's outputs in the target's units.</summary>
internal static class Predictions
{
    /// <summary>The model's [n, 1] outputs for <paramref name="inputs"/>, with the target scaling undone.</summary>
    public static float[] Values(Module model, Tensor inputs, Scaling? target)
    {
        var output = Trainer.Predict(model, inputs).ToArray();
        return target is null ? output : Array.ConvertAll(output, v => target.Invert(v));
    }
}

/// <summary>MSE, MAE and R^2 of predictions against true values, computed in double.</summary>
internal sealed record RegressionMetrics(double Mse, double Mae, double R2)
{
    public static RegressionMetrics Of(IReadOnlyList<float> predicted, IReadOnlyList<float> truth)
    {
        var p = Tensor.FromArray(predicted.Select(v => (double)v).ToArray(), predicted.Count);
        var t = Tensor.FromArray(truth.Select(v => (double)v).ToArray(), truth.Count);
        return new RegressionMetrics(Metrics.Regression.MeanSquaredError(p, t), Metrics.Regression.MeanAbsoluteError(p, t), Metrics.Regression.RSquared(p, t));
    }
}
