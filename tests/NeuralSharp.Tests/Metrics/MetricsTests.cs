using NeuralSharp.Metrics;

namespace NeuralSharp.Tests.Metrics;

public class MetricsTests
{
    [Fact]
    public void AccuracyAndTopK()
    {
        var scores = Tensor.FromArray([0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f, 0.2f, 0.3f, 0.5f], 3, 3);
        int[] labels = [1, 1, 0];
        Assert.Equal(1.0 / 3, Classification.Accuracy(scores, labels), 12);
        Assert.Equal(2.0 / 3, Classification.TopKAccuracy(scores, labels, 2), 12);
        Assert.Equal(1.0, Classification.TopKAccuracy(scores, labels, 3), 12);
        Assert.Throws<ArgumentException>(() => Classification.Accuracy(scores, [1, 2]));
    }

    [Fact]
    public void ConfusionMatrixPrecisionRecallF1()
    {
        int[] truth = [0, 0, 0, 1, 1, 2];
        int[] pred = [0, 0, 1, 1, 2, 2];
        var m = ConfusionMatrix.From(pred, truth, 3);
        Assert.Equal(2, m[0, 0]);
        Assert.Equal(1, m[0, 1]);
        Assert.Equal(4.0 / 6, m.Accuracy, 12);
        Assert.Equal(1.0, m.Precision(0), 12);
        Assert.Equal(2.0 / 3, m.Recall(0), 12);
        Assert.Equal(0.5, m.Precision(1), 12);
        Assert.Equal(0.5, m.Recall(1), 12);
        Assert.Equal(0.8, m.F1(0), 12);
        Assert.Equal((0.8 + 0.5 + (2 * 0.5 * 1 / 1.5)) / 3, m.MacroF1, 12);
        Assert.Contains("true\\pred", m.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Add([3], [0]));
    }

    [Fact]
    public void RegressionMetrics()
    {
        var actual = Tensor.FromArray([1f, 2f, 3f, 4f]);
        var predicted = Tensor.FromArray([1f, 2f, 3f, 5f]);
        Assert.Equal(0.25, Regression.MeanSquaredError(predicted, actual), 12);
        Assert.Equal(0.25, Regression.MeanAbsoluteError(predicted, actual), 12);
        Assert.Equal(1 - (1 / 5.0), Regression.RSquared(predicted, actual), 12);
        Assert.Equal(1.0, Regression.RSquared(actual, actual), 12);
    }
}
