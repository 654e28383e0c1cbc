namespace NeuralSharp.Tests.Tensors;

public class MatMulTests
{
    private static double[] Reference(Tensor a, Tensor b)
    {
        int m = a.Shape[0], k = a.Shape[1], n = b.Shape[1];
        var r = new double[m * n];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var p = 0; p < k; p++)
                {
                    r[(i * n) + j] += a[i, p] * b[p, j];
                }
            }
        }

        return r;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 17, 33)]
    [InlineData(10, 784, 30)]
    public void MatchesTheReferenceLoopIncludingTransposedViews(int m, int k, int n)
    {
        var a = Tensor.Randn([m, k], generator: new Generator(1));
        var b = Tensor.Randn([k, n], generator: new Generator(2));
        TestData.AssertClose(Reference(a, b), a.MatMul(b), 1e-4);
        var at = a.T.Contiguous().T; // a column-major view of the same matrix
        var bt = b.T.Contiguous().T;
        Assert.False(m > 1 && k > 1 && at.IsContiguous);
        TestData.AssertClose(Reference(a, b), at.MatMul(bt), 1e-4);
        TestData.AssertClose(Reference(a, b), a.MatMul(bt), 1e-4);
    }

    [Fact]
    public void BatchDimensionsBroadcast()
    {
        var a = Tensor.Randn([2, 1, 3, 4], generator: new Generator(3));
        var b = Tensor.Randn([5, 4, 2], generator: new Generator(4));
        var c = a.MatMul(b);
        Assert.Equal(new[] { 2, 5, 3, 2 }, c.Shape.ToArray());
        var a1 = a.Narrow(0, 1, 1).Reshape(3, 4);
        var b3 = b.Narrow(0, 3, 1).Reshape(4, 2);
        TestData.AssertClose(Reference(a1, b3), c.Narrow(0, 1, 1).Narrow(1, 3, 1).Reshape(3, 2), 1e-5);
        var stacked = Tensor.Randn([3, 5, 4], generator: new Generator(5)).MatMul(b.Narrow(0, 0, 1).Reshape(4, 2));
        Assert.Equal(new[] { 3, 5, 2 }, stacked.Shape.ToArray());
    }

    [Fact]
    public void VectorsArePromotedAndSqueezed()
    {
        var w = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var x = Tensor.FromArray([1f, 1f]);
        Assert.Equal(new float[] { 3, 7 }, w.MatMul(x).ToArray());
        Assert.Equal(new float[] { 4, 6 }, x.MatMul(w).ToArray());
        Assert.Equal(2f, x.MatMul(x).Item());
    }

    [Fact]
    public void ShapeErrorNamesBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([64, 784]).MatMul(Tensor.Zeros([100, 10])));
        Assert.Equal("matmul: [64, 784] x [100, 10]: inner dimensions 784 and 100 differ", e.Message);
    }
}
