using NeuralSharp.Losses;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Losses;

/// <summary>Every loss with a valid prediction and fixed targets, for the gradient and forward-mode tests.</summary>
internal static class LossCases
{
    public static readonly string[] Names =
    [
        "quadratic", "mse", "bce", "bce_logits", "logistic", "hinge", "cross_entropy_labels",
        "cross_entropy_soft", "nll", "poisson_log", "poisson_rate", "l2", "l1", "huber",
    ];

    /// <summary>A valid prediction for the loss (the input that is differentiated) and the loss as a function of it.</summary>
    public static (Tensor Prediction, Func<Tensor, Tensor> Loss) Get(string name, Reduction reduction)
    {
        var plusMinusOne = Seeded(7, 4, 3).Sign();
        var labels = new[] { 0, 3, 4, 1 };
        return name switch
        {
            "quadratic" => (Randn(4, 3), p => Loss.Quadratic(p, Seeded(8, 4, 3), reduction)),
            "mse" => (Randn(4, 3), p => Loss.MeanSquaredError(p, Seeded(8, 4, 3), reduction)),
            "bce" => (Tensor.Rand([4, 3], 0.1, 0.9, new Generator(3), DType.Float64), p => Loss.BinaryCrossEntropy(p, Tensor.Rand([4, 3], 0, 1, new Generator(4), DType.Float64), reduction)),
            "bce_logits" => (Randn(4, 3) * 3.0, z => Loss.BinaryCrossEntropyWithLogits(z, Tensor.Rand([4, 3], 0, 1, new Generator(4), DType.Float64), reduction)),
            "logistic" => (Randn(4, 3) * 3.0, z => Loss.Logistic(z, plusMinusOne, reduction)),
            "hinge" => (Randn(4, 3) * 2.0, z => Loss.Hinge(z, plusMinusOne, reduction)),
            "cross_entropy_labels" => (Randn(4, 5) * 3.0, z => Loss.CrossEntropy(z, labels, reduction)),
            "cross_entropy_soft" => (Randn(4, 5) * 3.0, z => Loss.CrossEntropy(z, SoftTargets(4, 5), reduction)),
            "nll" => (Randn(4, 5), z => Loss.NegativeLogLikelihood(z, labels, reduction)),
            "poisson_log" => (Randn(4, 3), z => Loss.PoissonNegativeLogLikelihood(z, Counts(4, 3), logInput: true, reduction)),
            "poisson_rate" => (Positive(4, 3), r => Loss.PoissonNegativeLogLikelihood(r, Counts(4, 3), logInput: false, reduction)),
            "l2" => (Randn(4, 3), w => Loss.L2Penalty([w, w.Narrow(0, 1, 2).Square()], 0.3)),
            "l1" => (Randn(4, 3), p => Loss.MeanAbsoluteError(p, Seeded(8, 4, 3), reduction)),
            "huber" => (Randn(4, 3), p => Loss.Huber(p, Seeded(8, 4, 3), 0.7, reduction)),
            _ => throw new ArgumentException(name),
        };
    }

    /// <summary>Rows of a softmax of random numbers: valid probability distributions.</summary>
    public static Tensor SoftTargets(int rows, int classes)
    {
        var z = Seeded(11, rows, classes);
        return (z - z.LogSumExp(1, keepDim: true)).Exp();
    }

    public static Tensor Counts(params int[] shape) =>
        Tensor.FromArray(Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => (double)(i * 7 % 5)).ToArray(), shape);
}
