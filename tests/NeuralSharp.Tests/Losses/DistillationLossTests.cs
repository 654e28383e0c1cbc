using NeuralSharp.Autograd;
using NeuralSharp.Losses;
using static NeuralSharp.Tests.TestData;

namespace NeuralSharp.Tests.Losses;

/// <summary>Knowledge distillation's loss (issue 14): its value from the formula, its gradient, its inputs.</summary>
public class DistillationLossTests
{
    private static readonly int[] Labels = [2, 0, 3];

    private static Tensor Student() => Seeded(31, 3, 4) * 2.0;

    private static Tensor Teacher() => Seeded(32, 3, 4) * 3.0;

    /// <summary>α T² Σ p (log p − log q) + (1 − α)(−log softmax(s)_label) per example, in plain doubles.</summary>
    private static double[] PerExample(double[] s, double[] t, int[] labels, int classes, double temperature, double alpha)
    {
        static double[] LogSoftmax(double[] z)
        {
            var max = z.Max();
            var log = Math.Log(z.Sum(v => Math.Exp(v - max))) + max;
            return [.. z.Select(v => v - log)];
        }

        var result = new double[labels.Length];
        for (var n = 0; n < labels.Length; n++)
        {
            var sRow = s.Skip(n * classes).Take(classes).ToArray();
            var tRow = t.Skip(n * classes).Take(classes).ToArray();
            var logQ = LogSoftmax([.. sRow.Select(v => v / temperature)]);
            var logP = LogSoftmax([.. tRow.Select(v => v / temperature)]);
            var kl = logP.Zip(logQ).Sum(pq => Math.Exp(pq.First) * (pq.First - pq.Second));
            var ce = -LogSoftmax(sRow)[labels[n]];
            result[n] = (alpha * temperature * temperature * kl) + ((1 - alpha) * ce);
        }

        return result;
    }

    [Theory]
    [InlineData(1.0, 0.5)]
    [InlineData(3.0, 0.7)]
    [InlineData(10.0, 1.0)]
    [InlineData(4.0, 0.0)]
    public void ValueIsTheFormulaInEveryReduction(double temperature, double alpha)
    {
        var s = Student();
        var t = Teacher();
        var expected = PerExample(s.ToDoubleArray(), t.ToDoubleArray(), Labels, 4, temperature, alpha);
        TestData.AssertClose(expected, Loss.Distillation(s, t, Labels, temperature, alpha, Reduction.None), 1e-12);
        TestData.AssertClose([expected.Sum()], Loss.Distillation(s, t, Labels, temperature, alpha, Reduction.Sum), 1e-12);
        TestData.AssertClose([expected.Average()], new DistillationLoss(temperature, alpha).Compute(s, t, Labels), 1e-12);
    }

    [Fact]
    public void WithAlphaZeroItIsTheCrossEntropyAndWithTheTeachersOwnLogitsTheSoftTermVanishes()
    {
        var s = Student();
        Assert.Equal(Loss.CrossEntropy(s, Labels).ItemAsDouble(), Loss.Distillation(s, Teacher(), Labels, 5, 0).ItemAsDouble(), 12);
        Assert.Equal(0, Loss.Distillation(s, s, Labels, 5, 1).ItemAsDouble(), 12);
    }

    [Theory]
    [InlineData(1.0, 0.5)]
    [InlineData(2.5, 0.6)]
    [InlineData(8.0, 1.0)]
    public void GradientMatchesFiniteDifferences(double temperature, double alpha)
    {
        var t = Teacher();
        AssertGradients(xs => Loss.Distillation(xs[0], t, Labels, temperature, alpha), Student());
        AssertGradients(xs => Loss.Distillation(xs[0], t, Labels, temperature, alpha, Reduction.None), Student());
    }

    [Fact]
    public void ForwardModeAgreesWithReverseMode()
    {
        var t = Teacher();
        Func<Tensor, Tensor> loss = s => Loss.Distillation(s, t, Labels, 3, 0.8, Reduction.None);
        var x = Student();
        var v = Seeded(33, 3, 4);
        var (value, jv) = ForwardAD.Jvp(loss, x, v);
        var u = Seeded(34, 3);
        var xr = x.Clone().RequireGrad();
        (loss(xr) * u).Sum().Backward();
        Assert.Equal((xr.Grad! * v).Sum().ItemAsDouble(), (u * jv).Sum().ItemAsDouble(), 9);
        Assert.Equal(loss(x).ToDoubleArray(), value.ToDoubleArray());
    }

    [Fact]
    public void OnlyTheStudentGetsAGradient()
    {
        var s = Student().RequireGrad();
        var t = Teacher().RequireGrad();
        Loss.Distillation(s, t, Labels).Backward();
        Assert.NotNull(s.Grad);
        Assert.Null(t.Grad);
    }

    [Fact]
    public void BadInputsAreRefusedWithTheirValues()
    {
        var s = Student();
        Assert.Contains("differ from the student's [3, 4]", Assert.Throws<ArgumentException>(() => Loss.Distillation(s, Seeded(1, 3, 5), Labels)).Message);
        Assert.Contains("got 0", Assert.Throws<ArgumentOutOfRangeException>(() => Loss.Distillation(s, Teacher(), Labels, temperature: 0)).Message);
        Assert.Contains("got 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => new DistillationLoss(alpha: 1.5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Loss.Distillation(s, Teacher(), [0, 1, 4]));
        Assert.Contains("[batch, classes]", Assert.Throws<ArgumentException>(() => Loss.Distillation(Seeded(1, 4), Seeded(2, 4), [1])).Message);
    }
}
