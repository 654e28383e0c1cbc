using NeuralSharp.Losses;

namespace NeuralSharp.Tests.Losses;

/// <summary>Bad input is refused with a message that says which loss, what was wrong and where.</summary>
public class LossValidationTests
{
    private static readonly Tensor Logits = Tensor.Zeros([3, 4]);

    [Fact]
    public void LabelOutsideTheClassesNamesTheLabelAndItsPosition()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(Logits, [0, 4, 1]));
        Assert.Contains("cross_entropy: label 4 at position 1 is outside [0, 4)", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => Loss.NegativeLogLikelihood(Logits, [0, 1, -1]));
        Assert.Contains("nll_loss: label -1 at position 2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(Logits, Tensor.FromArray([0f, 9f, 1f])));
    }

    [Fact]
    public void WrongNumberOrKindOfLabels()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.CrossEntropy(Logits, [0, 1]));
        Assert.Contains("2 labels for 3 examples", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new NllLoss().Compute(Logits, Tensor.FromArray([0f, 1.5f, 1f])));
        Assert.Contains("position 1 is 1.5, not a whole number", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Loss.CrossEntropy(Tensor.Zeros([2, 3, 4]), [0, 1]));
        Assert.Contains("[2, 3, 4]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetShapeMismatchNamesTheLossAndBothShapes()
    {
        var prediction = Tensor.Zeros([4, 1]);
        var target = Tensor.Zeros([4]);
        Func<Tensor, Tensor, Tensor>[] losses =
        [
            (p, t) => Loss.Quadratic(p, t), (p, t) => Loss.MeanSquaredError(p, t), (p, t) => Loss.BinaryCrossEntropy(p, t),
            (p, t) => Loss.BinaryCrossEntropyWithLogits(p, t), (p, t) => Loss.Logistic(p, t), (p, t) => Loss.Hinge(p, t),
            (p, t) => Loss.PoissonNegativeLogLikelihood(p, t),
        ];
        string[] names = ["quadratic_loss", "mse_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "logistic_loss", "hinge_loss", "poisson_nll_loss"];
        for (var i = 0; i < losses.Length; i++)
        {
            var e = Assert.Throws<ArgumentException>(() => losses[i](prediction, target));
            Assert.Contains($"{names[i]}: target shape [4] differs from prediction shape [4, 1]", e.Message, StringComparison.Ordinal);
        }

        // A [batch] target holds class indices; any other shape must match the logits.
        var ce = Assert.Throws<ArgumentException>(() => Loss.CrossEntropy(Tensor.Zeros([4, 3]), Tensor.Zeros([4, 2])));
        Assert.Contains("cross_entropy: target shape [4, 2] differs from prediction shape [4, 3]", ce.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProbabilitiesOutsideZeroOneAreRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Loss.BinaryCrossEntropy(Tensor.FromArray([0.5, 1.2]), Tensor.FromArray([1.0, 0.0])));
        Assert.Contains("binary_cross_entropy: probabilities must lie in [0, 1], but element 1 is 1.2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.BinaryCrossEntropy(Tensor.FromArray([0.5, double.NaN]), Tensor.FromArray([1.0, 0.0])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.BinaryCrossEntropy(Tensor.FromArray([0.5, 0.5]), Tensor.FromArray([1.0, -1.0])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.BinaryCrossEntropyWithLogits(Tensor.FromArray([0.5, 0.5]), Tensor.FromArray([2.0, 0.0])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.CrossEntropy(Tensor.Zeros([1, 2]), Tensor.FromArray([1.5f, -0.5f], 1, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.PoissonNegativeLogLikelihood(Tensor.FromArray([-0.5]), Tensor.FromArray([1.0]), logInput: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.PoissonNegativeLogLikelihood(Tensor.FromArray([0.5]), Tensor.FromArray([-1.0])));
    }

    [Fact]
    public void MarginLossesRequirePlusMinusOneLabels()
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.Hinge(Tensor.Zeros([3]), Tensor.FromArray([1f, 0f, -1f])));
        Assert.Contains("hinge_loss: labels must be -1 or +1, but element 1 is 0", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => Loss.Logistic(Tensor.Zeros([2]), Tensor.FromArray([1f, 2f])));
        Assert.Contains("logistic_loss: labels must be -1 or +1, but element 1 is 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeL2StrengthIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.L2Penalty([Tensor.Ones([2])], -1));
}
