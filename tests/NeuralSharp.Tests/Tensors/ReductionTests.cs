namespace NeuralSharp.Tests.Tensors;

public class ReductionTests
{
    private static readonly Tensor A = Tensor.FromArray([1f, 5f, 3f, 4f, 2f, 6f], 2, 3);

    [Fact]
    public void SumAndMeanOverAnyAxisWithOrWithoutKeptDims()
    {
        Assert.Equal(21f, A.Sum().Item());
        Assert.Equal(new float[] { 5, 7, 9 }, A.Sum(0).ToArray());
        Assert.Equal(new float[] { 9, 12 }, A.Sum(1).ToArray());
        Assert.Equal(new[] { 2, 1 }, A.Sum(1, keepDim: true).Shape.ToArray());
        Assert.Equal(new[] { 2 }, A.Sum(-1).Shape.ToArray());
        Assert.Equal(3.5f, A.Mean().Item());
        Assert.Equal(new float[] { 3, 4 }, A.Mean(1).ToArray());
        var cube = Tensor.Arange(24).Reshape(2, 3, 4);
        Assert.Equal(new float[] { 60, 66, 72, 78 }, cube.Sum([0, 1]).ToArray());
        Assert.Equal(new[] { 1, 1, 4 }, cube.Sum([0, 1], keepDim: true).Shape.ToArray());
    }

    [Fact]
    public void MaxArgMaxAndMin()
    {
        Assert.Equal(new float[] { 5, 6 }, A.Max(1).ToArray());
        Assert.Equal(new float[] { 4, 5, 6 }, A.Max(0).ToArray());
        Assert.Equal(new[] { 1, 2 }, A.ArgMax(1));
        Assert.Equal(new[] { 1, 0, 1 }, A.ArgMax(0));
        Assert.Equal(new float[] { 1, 2 }, A.Min(1).ToArray());
        Assert.Equal(6f, A.Max().Item());
    }

    [Fact]
    public void VarianceAndLogSumExp()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0, 4.0]);
        Assert.Equal(1.6666666666666667, x.Var().ItemAsDouble(), 12);
        Assert.Equal(1.25, x.Var(unbiased: false).ItemAsDouble(), 12);
        Assert.Equal(Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3) + Math.Exp(4)), x.LogSumExp(0).ItemAsDouble(), 12);
    }

    [Fact]
    public void ReducingABadDimensionNamesTheOperation()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => A.Sum(2));
        Assert.Contains("sum: dimension 2 is out of range for a tensor of rank 2", e.Message);
    }
}
