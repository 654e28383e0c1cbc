using NeuralSharp.Losses;

namespace NeuralSharp.Tests.Losses;

/// <summary>Losses computed from logits stay finite, and exact, at logits of ±1e4 in both precisions.</summary>
public class LossStabilityTests
{
    public static TheoryData<DType> DTypes => new() { DType.Float32, DType.Float64 };

    private static Tensor Logits(DType dtype, params double[] values) => Tensor.FromArray(values).To(dtype).RequireGrad();

    private static void AssertFinite(Tensor t)
    {
        Assert.All(t.ToDoubleArray(), v => Assert.True(double.IsFinite(v), $"{v} is not finite in {t}"));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void BinaryCrossEntropyWithLogits(DType dtype)
    {
        var z = Logits(dtype, 1e4, -1e4, 1e4, -1e4);
        var y = Tensor.FromArray([1.0, 0.0, 0.0, 1.0]);
        var loss = Loss.BinaryCrossEntropyWithLogits(z, y, Reduction.None);
        TestData.AssertClose([0, 0, 1e4, 1e4], loss, 1e-3);
        loss.Sum().Backward();
        TestData.AssertClose([0, 0, 1, -1], z.Grad!, 1e-6);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void LogisticWithPlusMinusOneLabels(DType dtype)
    {
        var z = Logits(dtype, 1e4, -1e4, 1e4, -1e4);
        var y = Tensor.FromArray([1.0, -1.0, -1.0, 1.0]);
        var loss = Loss.Logistic(z, y, Reduction.None);
        TestData.AssertClose([0, 0, 1e4, 1e4], loss, 1e-3);
        loss.Sum().Backward();
        TestData.AssertClose([0, 0, 1, -1], z.Grad!, 1e-6);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void CrossEntropyWithLabelsAndWithSoftTargets(DType dtype)
    {
        var z = Tensor.FromArray([1e4, -1e4, 0, -1e4, 1e4, 1e4], 2, 3).To(dtype).RequireGrad();
        var loss = Loss.CrossEntropy(z, [0, 0], Reduction.None);
        // Row 0 puts all its mass on class 0; row 1 on classes 1 and 2, which are 2e4 above class 0.
        TestData.AssertClose([0, 2e4 + Math.Log(2)], loss, 1e-2);
        loss.Sum().Backward();
        TestData.AssertClose([0, 0, 0, -1, 0.5, 0.5], z.Grad!, 1e-6);

        var z2 = z.Detach().Clone().RequireGrad();
        var soft = Loss.CrossEntropy(z2, Tensor.FromArray([0.5, 0.5, 0, 0, 0, 1], 2, 3), Reduction.None);
        AssertFinite(soft);
        TestData.AssertClose([1e4, Math.Log(2)], soft, 1e-2);
        soft.Sum().Backward();
        AssertFinite(z2.Grad!);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void HingeAndBinaryCrossEntropyOfSaturatedProbabilities(DType dtype)
    {
        var z = Logits(dtype, 1e4, -1e4);
        var hinge = Loss.Hinge(z, Tensor.FromArray([-1.0, -1.0]), Reduction.Sum);
        Assert.Equal(1e4 + 1, hinge.ItemAsDouble(), 3);
        hinge.Backward();
        AssertFinite(z.Grad!);

        // sigma(±1e4) is exactly 1 or 0: the floor keeps log(0) finite (-log 1e-7 = 16.1).
        var z2 = Logits(dtype, 1e4, -1e4);
        var bce = Loss.BinaryCrossEntropy(z2.Sigmoid(), Tensor.FromArray([0.0, 1.0]), Reduction.None);
        AssertFinite(bce);
        Assert.All(bce.ToDoubleArray(), v => Assert.Equal(-Math.Log(Loss.DefaultProbabilityEpsilon), v, 1));
        bce.Sum().Backward();
        AssertFinite(z2.Grad!);
    }
}
