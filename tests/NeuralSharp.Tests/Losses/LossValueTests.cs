using NeuralSharp.Losses;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Losses;

/// <summary>Loss values against the formulas evaluated by hand in doubles, and the relations between losses.</summary>
public class LossValueTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void QuadraticIsHalfTheSquaredErrorSummedPerExampleAndAveragedOverExamples()
    {
        // The worked 2-2-2 example: E_total = 1/2 (0.01 - 0.751365070)^2 + 1/2 (0.99 - 0.772928465)^2 = 0.298371109.
        var output = Tensor.FromArray([0.751365070, 0.772928465], 1, 2);
        var target = Tensor.FromArray([0.01, 0.99], 1, 2);
        Assert.Equal(0.298371109, Loss.Quadratic(output, target).ItemAsDouble(), 8);

        var a = Tensor.FromArray([1.0, 2.0, 3.0, 5.0], 2, 2);
        var y = Tensor.FromArray([0.0, 0.0, 1.0, 1.0], 2, 2);
        // Examples: (1 + 4) / 2 = 2.5 and (4 + 16) / 2 = 10.
        AssertClose([2.5, 10.0], Loss.Quadratic(a, y, Reduction.None));
        Assert.Equal(12.5, Loss.Quadratic(a, y, Reduction.Sum).ItemAsDouble(), 12);
        Assert.Equal(6.25, Loss.Quadratic(a, y).ItemAsDouble(), 12);
        // A vector is a batch of one-output examples: 1/(2n) sum (y - a)^2.
        Assert.Equal((1 + 4 + 4 + 16) / 8.0, Loss.Quadratic(a.Reshape(4), y.Reshape(4)).ItemAsDouble(), 12);
    }

    [Fact]
    public void MeanSquaredErrorAveragesOverElements()
    {
        var a = Tensor.FromArray([1.0, 2.0, 3.0, 5.0], 2, 2);
        var y = Tensor.FromArray([0.0, 0.0, 1.0, 1.0], 2, 2);
        Assert.Equal(25 / 4.0, Loss.MeanSquaredError(a, y).ItemAsDouble(), 12);
        Assert.Equal(25.0, Loss.MeanSquaredError(a, y, Reduction.Sum).ItemAsDouble(), 12);
        AssertClose([1, 4, 4, 16], Loss.MeanSquaredError(a, y, Reduction.None));
    }

    [Fact]
    public void MeanAbsoluteErrorAndHuberMatchTheirFormulas()
    {
        var a = Tensor.FromArray([1.0, 2.0, 3.0, -5.0], 2, 2);
        var y = Tensor.FromArray([0.5, 0.0, 1.0, 1.0], 2, 2);
        // |d| = 0.5, 2, 2, 6.
        Assert.Equal(10.5 / 4, Loss.MeanAbsoluteError(a, y).ItemAsDouble(), 12);
        AssertClose([0.5, 2, 2, 6], Loss.MeanAbsoluteError(a, y, Reduction.None));
        // delta 1: 0.5 d^2 = 0.125 below it, d - 0.5 = 1.5, 1.5, 5.5 above it (PyTorch's huber_loss).
        AssertClose([0.125, 1.5, 1.5, 5.5], Loss.Huber(a, y, reduction: Reduction.None));
        // delta 3: 0.125, 2, 2 (quadratic), 3 (6 - 1.5) = 13.5.
        AssertClose([0.125, 2, 2, 13.5], Loss.Huber(a, y, 3, Reduction.None));
        Assert.Equal((0.125 + 1.5 + 1.5 + 5.5) / 4, new HuberLoss().Compute(a, y).ItemAsDouble(), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.Huber(a, y, 0));
    }

    [Fact]
    public void BinaryCrossEntropyMatchesItsFormula()
    {
        var p = Tensor.FromArray([0.8, 0.3, 0.5]);
        var y = Tensor.FromArray([1.0, 0.0, 0.25]);
        double[] expected = [-Math.Log(0.8), -Math.Log(0.7), -(0.25 * Math.Log(0.5)) - (0.75 * Math.Log(0.5))];
        AssertClose(expected, Loss.BinaryCrossEntropy(p, y, Reduction.None), 1e-12);
        Assert.Equal(expected.Average(), Loss.BinaryCrossEntropy(p, y).ItemAsDouble(), 12);
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsEqualsCrossEntropyOfTheSigmoid()
    {
        var z = Randn(3, 4) * 2.0;
        var y = Tensor.Rand([3, 4], 0, 1, new Generator(5), DType.Float64);
        AssertClose(Loss.BinaryCrossEntropy(z.Sigmoid(), y, Reduction.None).ToDoubleArray(), Loss.BinaryCrossEntropyWithLogits(z, y, Reduction.None), 1e-9);
    }

    [Fact]
    public void LogisticLossIsMinusLogSigmoidOfTheMarginAndMatchesBceWithZeroOneLabels()
    {
        var z = Tensor.FromArray([1.5, -0.5, 2.0]);
        var y = Tensor.FromArray([1.0, 1.0, -1.0]);
        AssertClose([-Math.Log(Sigmoid(1.5)), -Math.Log(Sigmoid(-0.5)), -Math.Log(Sigmoid(-2.0))], Loss.Logistic(z, y, Reduction.None), 1e-12);
        Assert.Equal(Loss.BinaryCrossEntropyWithLogits(z, (y + 1.0) / 2.0).ItemAsDouble(), Loss.Logistic(z, y).ItemAsDouble(), 12);
    }

    [Fact]
    public void HingeIsZeroBeyondTheMarginAndLinearInside()
    {
        var z = Tensor.FromArray([2.0, 0.5, -1.0, -3.0]);
        var y = Tensor.FromArray([1.0, 1.0, 1.0, -1.0]);
        AssertClose([0, 0.5, 2, 0], Loss.Hinge(z, y, Reduction.None), 1e-12);
        Assert.Equal(2.5, Loss.Hinge(z, y, Reduction.Sum).ItemAsDouble(), 12);
        AssertClose([0, 1.5, 3, 0], Loss.Hinge(z, y, Reduction.None, margin: 2), 1e-12);
    }

    [Fact]
    public void CrossEntropyIsMinusLogSoftmaxOfTheLabelForLabelsOneHotAndNll()
    {
        var z = Randn(3, 4);
        int[] labels = [2, 0, 3];
        var rows = z.ToDoubleArray().Chunk(4).ToArray();
        var expected = labels.Select((c, i) => -Math.Log(Math.Exp(rows[i][c]) / rows[i].Sum(Math.Exp))).ToArray();

        AssertClose(expected, Loss.CrossEntropy(z, labels, Reduction.None), 1e-12);
        AssertClose(expected, Loss.CrossEntropy(z, Tensor.OneHot(labels, 4, DType.Float64), Reduction.None), 1e-12);
        AssertClose(expected, Loss.CrossEntropy(z, Tensor.FromArray([2.0, 0.0, 3.0]), Reduction.None), 1e-12);
        AssertClose(expected, Loss.NegativeLogLikelihood(z - z.LogSumExp(1, keepDim: true), labels, Reduction.None), 1e-12);
        Assert.Equal(expected.Average(), Loss.CrossEntropy(z, labels).ItemAsDouble(), 12);
        Assert.Equal(expected.Sum(), Loss.CrossEntropy(z, labels, Reduction.Sum).ItemAsDouble(), 12);
    }

    [Fact]
    public void CrossEntropyOfOneExampleVectorIsAScalar()
    {
        var z = Tensor.FromArray([1.0, 2.0, 3.0]);
        var expected = -Math.Log(Math.Exp(2) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)));
        var loss = Loss.CrossEntropy(z, [1], Reduction.None);
        Assert.Equal(0, loss.Rank);
        Assert.Equal(expected, loss.ItemAsDouble(), 12);
        Assert.Equal(expected, Loss.CrossEntropy(z, Tensor.FromArray([0.0, 1.0, 0.0])).ItemAsDouble(), 12);
    }

    [Fact]
    public void SoftTargetCrossEntropyIsTheEntropyPlusKlAndMinimalAtTheTarget()
    {
        var p = LossCases.SoftTargets(2, 3);
        var atTarget = Loss.CrossEntropy(p.Log(), p, Reduction.None).ToDoubleArray();
        var entropy = (-(p * p.Log()).Sum(1)).ToDoubleArray();
        AssertClose(entropy, Tensor.FromArray(atTarget), 1e-12);
        var elsewhere = Loss.CrossEntropy(Randn(2, 3), p, Reduction.None).ToDoubleArray();
        Assert.All(elsewhere.Zip(entropy), pair => Assert.True(pair.First > pair.Second));
    }

    [Fact]
    public void PoissonNllFromLogRateAndFromRateAgree()
    {
        var z = Tensor.FromArray([0.5, -1.0, 2.0]);
        var y = Tensor.FromArray([1.0, 0.0, 5.0]);
        double[] expected = [Math.Exp(0.5) - 0.5, Math.Exp(-1.0), Math.Exp(2.0) - 10.0];
        AssertClose(expected, Loss.PoissonNegativeLogLikelihood(z, y, reduction: Reduction.None), 1e-12);
        AssertClose(expected, Loss.PoissonNegativeLogLikelihood(z.Exp(), y, logInput: false, reduction: Reduction.None), 1e-7);
    }

    [Fact]
    public void L2PenaltyIsLambdaTimesTheSumOfSquaredNorms()
    {
        var w1 = Tensor.FromArray([1.0, -2.0]);
        var w2 = Tensor.FromArray([3.0]);
        Assert.Equal(0.5 * (1 + 4 + 9), Loss.L2Penalty([w1, w2], 0.5).ItemAsDouble(), 12);
        Assert.Equal(0.0, Loss.L2Penalty([], 0.5).ItemAsDouble());
    }

    [Fact]
    public void LossObjectsComputeWhatTheFunctionsCompute()
    {
        var z = Randn(3, 4);
        var y01 = Tensor.Rand([3, 4], 0, 1, new Generator(2), DType.Float64).Gt(0.5);
        var pm = (2.0 * y01) - 1.0;
        int[] labels = [1, 3, 0];
        var pairs = new (ILoss Loss, Tensor Prediction, Tensor Target, Tensor Expected)[]
        {
            (new QuadraticLoss(), z, y01, Loss.Quadratic(z, y01)),
            (new MseLoss(Reduction.Sum), z, y01, Loss.MeanSquaredError(z, y01, Reduction.Sum)),
            (new BinaryCrossEntropyLoss(), z.Sigmoid(), y01, Loss.BinaryCrossEntropy(z.Sigmoid(), y01)),
            (new BinaryCrossEntropyWithLogitsLoss(Reduction.None), z, y01, Loss.BinaryCrossEntropyWithLogits(z, y01, Reduction.None)),
            (new LogisticLoss(), z, pm, Loss.Logistic(z, pm)),
            (new HingeLoss(), z, pm, Loss.Hinge(z, pm)),
            (new CrossEntropyLoss(), z, Tensor.FromArray([1.0, 3.0, 0.0]), Loss.CrossEntropy(z, labels)),
            (new NllLoss(), z, Tensor.FromArray([1.0, 3.0, 0.0]), Loss.NegativeLogLikelihood(z, labels)),
            (new PoissonNllLoss(), z, y01, Loss.PoissonNegativeLogLikelihood(z, y01)),
        };
        foreach (var (loss, prediction, target, expected) in pairs)
        {
            Assert.Equal(expected.ToDoubleArray(), loss.Compute(prediction, target).ToDoubleArray());
            Assert.Contains("reduction=", loss.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(Loss.CrossEntropy(z, labels).ItemAsDouble(), new CrossEntropyLoss().Compute(z, labels).ItemAsDouble());
        Assert.Equal(Loss.NegativeLogLikelihood(z, labels).ItemAsDouble(), new NllLoss().Compute(z, labels).ItemAsDouble());
    }

    [Fact]
    public void LossesKeepThePredictionsPrecision()
    {
        var z = Tensor.FromArray([0.5f, -1.0f]);
        var y = Tensor.FromArray([1.0, 0.0]);
        Assert.Equal(DType.Float32, Loss.BinaryCrossEntropyWithLogits(z, y).DType);
        Assert.Equal(DType.Float32, Loss.MeanSquaredError(z, y).DType);
    }
}
