using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

public class BatchNorm1dTests
{
    private static BatchNorm1d Layer()
    {
        var bn = new BatchNorm1d(2);
        bn.Double();
        using (GradMode.NoGrad())
        {
            bn.Weight!.CopyFrom(Tensor.FromArray([2.0, 3.0]));
            bn.Bias!.CopyFrom(Tensor.FromArray([0.5, -1.0]));
        }

        return bn;
    }

    [Fact]
    public void TrainingUsesBatchStatisticsAndUpdatesRunningOnes()
    {
        var bn = Layer();
        var y = bn.Forward(Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 6 } }));

        // Feature 0: mean 2, biased var 1; feature 1: mean 4, biased var 4.
        double s0 = Math.Sqrt(1 + 1e-5), s1 = Math.Sqrt(4 + 1e-5);
        TestData.AssertClose([(2 * -1 / s0) + 0.5, (3 * -2 / s1) - 1, (2 * 1 / s0) + 0.5, (3 * 2 / s1) - 1], y, 1e-12);

        // running = 0.9 running + 0.1 batch, with the unbiased variance (n / (n - 1) = 2 times the biased one).
        TestData.AssertClose([0.2, 0.4], bn.RunningMean, 1e-12);
        TestData.AssertClose([(0.9 * 1) + (0.1 * 2), (0.9 * 1) + (0.1 * 8)], bn.RunningVar, 1e-12);
        Assert.Equal(1.0, bn.StateDict()["num_batches_tracked"].ItemAsDouble());
    }

    [Fact]
    public void EvaluationUsesRunningStatistics()
    {
        var bn = Layer();
        bn.Forward(Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 6 } }));
        bn.Eval();
        var y = bn.Forward(Tensor.FromArray(new double[,] { { 1, 2 } }));
        TestData.AssertClose([(2 * (1 - 0.2) / Math.Sqrt(1.1 + 1e-5)) + 0.5, (3 * (2 - 0.4) / Math.Sqrt(1.7 + 1e-5)) - 1], y, 1e-12);
        TestData.AssertClose([0.2, 0.4], bn.RunningMean, 1e-12);
    }

    [Fact]
    public void NormalisesEachChannelOfThreeDimensionalInputs()
    {
        var bn = new BatchNorm1d(3).Double();
        var y = bn.Forward(TestData.Randn(4, 3, 5));
        TestData.AssertClose([0, 0, 0], y.Mean([0, 2]), 1e-12);
        TestData.AssertClose([1, 1, 1], y.Square().Mean([0, 2]), 1e-4);
    }

    [Fact]
    public void TrainingOnOneValuePerFeatureIsRejected() =>
        Assert.Throws<ArgumentException>(() => new BatchNorm1d(2).Forward(Tensor.Ones([1, 2])));

    [Fact]
    public void GradientsMatchFiniteDifferences() =>
        NnTestHelpers.AssertModuleGradients(new BatchNorm1d(3), TestData.Randn(5, 3));

    [Fact]
    public void WithoutRunningStatisticsBatchStatisticsAreUsedInBothModes()
    {
        var bn = new BatchNorm1d(2, trackRunningStats: false).Double();
        Assert.Equal(["weight", "bias"], bn.StateDict().Keys);
        var x = TestData.Randn(6, 2);
        var training = bn.Forward(x).ToDoubleArray();
        bn.Eval();
        TestData.AssertClose(training, bn.Forward(x), 0);
        TestData.AssertClose([0, 0], bn.Forward(x).Mean([0]), 1e-12);
        Assert.Throws<InvalidOperationException>(() => bn.RunningMean);
        Assert.DoesNotContain("Eval()", Assert.Throws<ArgumentException>(() => bn.Forward(Tensor.Ones([1, 2], DType.Float64))).Message);
    }
}
