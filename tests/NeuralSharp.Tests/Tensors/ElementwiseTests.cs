namespace NeuralSharp.Tests.Tensors;

public class ElementwiseTests
{
    [Fact]
    public void ArithmeticBroadcastsLikeNumPy()
    {
        var a = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var row = Tensor.FromArray([10f, 20f, 30f]);
        var col = Tensor.FromArray([100f, 200f], 2, 1);
        Assert.Equal(new float[] { 11, 22, 33, 14, 25, 36 }, (a + row).ToArray());
        Assert.Equal(new float[] { 100, 200, 300, 800, 1000, 1200 }, (a * col).ToArray());
        Assert.Equal(new[] { 2, 3 }, (col - row).Shape.ToArray());
        Assert.Equal(new float[] { 90, 80, 70, 190, 180, 170 }, (col - row).ToArray());
        Assert.Equal(new float[] { 2, 1, 2f / 3, 0.5f, 0.4f, 2f / 6 }, (2.0 / a).ToArray());
        Assert.Equal(new float[] { 1, 4, 9, 16, 25, 36 }, a.Pow(2).ToArray());
    }

    [Fact]
    public void BroadcastErrorNamesTheOperationAndBothShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]) + Tensor.Zeros([4]));
        Assert.Contains("add: shapes [2, 3] and [4] cannot be broadcast", e.Message);
    }

    [Fact]
    public void ElementwiseOpsWorkOnTransposedViews()
    {
        var a = Tensor.Arange(6).Reshape(2, 3);
        var t = a.T;
        Assert.False(t.IsContiguous);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, t.Contiguous().ToArray());
        Assert.Equal(new float[] { 0, 6, 2, 8, 4, 10 }, (t + t).ToArray());
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, (t + 1).ToArray());
    }

    [Fact]
    public void UnaryFunctionsMatchMathF()
    {
        var x = Tensor.FromArray([-2f, -0.5f, 0f, 0.5f, 3f]);
        var v = x.ToArray();
        Assert.Equal(v.Select(MathF.Exp).ToArray(), x.Exp().ToArray(), new ToleranceComparer(1e-5f));
        Assert.Equal(v.Select(MathF.Abs).ToArray(), x.Abs().ToArray());
        Assert.Equal(v.Select(MathF.Tanh).ToArray(), x.Tanh().ToArray(), new ToleranceComparer(1e-6f));
        Assert.Equal(v.Select(z => 1 / (1 + MathF.Exp(-z))).ToArray(), x.Sigmoid().ToArray(), new ToleranceComparer(1e-6f));
        Assert.Equal(new float[] { 0, 0, 0, 0.5f, 3 }, x.Relu().ToArray());
        Assert.Equal(new float[] { 0, 0, 1, 1, 1 }, x.Step().ToArray());
        Assert.Equal(new float[] { -1, -1, 0, 1, 1 }, x.Sign().ToArray());
        Assert.Equal(new float[] { -1, -0.5f, 0, 0.5f, 1 }, x.Clamp(-1, 1).ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0.5f, 3 }, Tensor.Where(x.Gt(0), x, Tensor.Zeros([5])).ToArray());
    }

    [Fact]
    public void SaturatingFunctionsStayFiniteForHugeInputs()
    {
        var x = Tensor.FromArray([-1e4f, -100f, 0f, 100f, 1e4f]);
        Assert.All(x.Sigmoid().ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.Equal(new float[] { 0, 0, 0.5f, 1, 1 }, x.Sigmoid().ToArray());
        var sp = x.SoftPlus().ToArray();
        Assert.All(sp, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1e4f, sp[4]);
        Assert.Equal(0f, sp[0]);
        Assert.Equal(1e4 + Math.Log(2), Tensor.FromArray([1e4, 1e4]).LogSumExp(0).ItemAsDouble(), 9);
    }

    private sealed class ToleranceComparer(float tol) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tol;

        public int GetHashCode(float obj) => 0;
    }
}
