namespace NeuralSharp.Metrics;

/// <summary>Scores of a regression model's predictions against the true values.</summary>
public static class Regression
{
    /// <summary>Mean squared error.</summary>
    public static double MeanSquaredError(Tensor predicted, Tensor actual) => Pairs(predicted, actual, "mse").Average(p => (p.P - p.A) * (p.P - p.A));

    /// <summary>Mean absolute error.</summary>
    public static double MeanAbsoluteError(Tensor predicted, Tensor actual) => Pairs(predicted, actual, "mae").Average(p => Math.Abs(p.P - p.A));

    /// <summary>The coefficient of determination R^2 = 1 - SS_res / SS_tot (1 is a perfect fit, 0 predicts the mean).</summary>
    public static double RSquared(Tensor predicted, Tensor actual)
    {
        var pairs = Pairs(predicted, actual, "r2").ToArray();
        var mean = pairs.Average(p => p.A);
        var ssRes = pairs.Sum(p => (p.A - p.P) * (p.A - p.P));
        var ssTot = pairs.Sum(p => (p.A - mean) * (p.A - mean));
        return ssTot == 0 ? (ssRes == 0 ? 1 : 0) : 1 - (ssRes / ssTot);
    }

    private static IEnumerable<(double P, double A)> Pairs(Tensor predicted, Tensor actual, string metric)
    {
        if (predicted.Shape != actual.Shape)
        {
            throw new ArgumentException($"{metric}: predictions {predicted.Shape} and targets {actual.Shape} differ in shape");
        }

        if (predicted.Count == 0)
        {
            throw new ArgumentException($"{metric}: no values");
        }

        return predicted.ToDoubleArray().Zip(actual.ToDoubleArray());
    }
}
