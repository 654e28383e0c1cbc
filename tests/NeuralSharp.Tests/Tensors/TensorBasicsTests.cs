namespace NeuralSharp.Tests.Tensors;

public class TensorBasicsTests
{
    [Fact]
    public void CreationFunctionsFillAsDocumented()
    {
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0 }, Tensor.Zeros([2, 3]).ToArray());
        Assert.Equal(new float[] { 1, 1 }, Tensor.Ones([2]).ToArray());
        Assert.Equal(new float[] { 2.5f, 2.5f }, Tensor.Full([1, 2], 2.5).ToArray());
        Assert.Equal(new float[] { 0, 2, 4 }, Tensor.Arange(0, 5, 2).ToArray());
        Assert.Equal(new float[] { 0, 0.25f, 0.5f, 0.75f, 1 }, Tensor.Linspace(0, 1, 5).ToArray());
        Assert.Equal(new float[] { 1, 0, 0, 1 }, Tensor.Eye(2).ToArray());
        Assert.Equal(3.5f, Tensor.Scalar(3.5).Item());
        Assert.Equal(new[] { 2, 3 }, Tensor.FromArray(new float[6], 2, 3).Shape.ToArray());
    }

    [Fact]
    public void TheRankIsBoundedSoBroadcastingStaysCheap()
    {
        // Issue 18, item 17: rank 100,000 took over a minute per element-wise op; now it is refused, in a short message.
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros([.. Enumerable.Repeat(1, 100_000)]));
        Assert.Contains("rank 100,000", e.Message);
        Assert.Contains($"at most {Shape.MaxRank} dimensions", e.Message);
        Assert.True(e.Message.Length < 200, e.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Ones([.. Enumerable.Repeat(1, Shape.MaxRank)]).Unsqueeze(0));

        // The largest rank allowed works, broadcasting included.
        var a = Tensor.Ones([.. Enumerable.Repeat(1, Shape.MaxRank - 1), 3]);
        var b = Tensor.Full([.. Enumerable.Repeat(1, Shape.MaxRank - 1), 1], 2);
        Assert.Equal([5f, 5f, 5f], (a + b + (a * b)).ToArray());
    }

    [Fact]
    public void FromArrayRejectsAShapeThatDoesNotMatchTheData()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[5], 2, 3));
        Assert.Contains("5 values cannot fill shape [2, 3]", e.Message);
    }

    [Fact]
    public void SeededRandomTensorsRepeat()
    {
        var a = Tensor.Randn([100], generator: new Generator(42));
        var b = Tensor.Randn([100], generator: new Generator(42));
        Assert.Equal(a.ToArray(), b.ToArray());
        var mean = a.ToArray().Average();
        Assert.InRange(mean, -0.3, 0.3);
        var u = Tensor.Rand([1000], 2, 3, new Generator(1)).ToArray();
        Assert.All(u, v => Assert.InRange(v, 2f, 3f));
    }

    [Fact]
    public void IndexerReadsAndWritesElements()
    {
        var t = Tensor.Arange(6).Reshape(2, 3);
        Assert.Equal(5f, t[1, 2]);
        t[0, 1] = 10;
        Assert.Equal(10f, t[0, 1]);
        Assert.Equal(10f, t[-2, -2]);
        Assert.Throws<IndexOutOfRangeException>(() => t[2, 0]);
    }

    [Fact]
    public void ToStringShowsValuesShapeAndGradFunction()
    {
        var t = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        Assert.Equal("tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], shape=[2, 2])", t.ToString());
        var x = Tensor.FromArray([1f]).RequireGrad();
        Assert.Contains("requires_grad=true", x.ToString());
        Assert.Contains("grad_fn=exp", x.Exp().ToString());
        var big = Tensor.Zeros([2000]).ToString();
        Assert.Contains("...", big);
        Assert.True(big.Length < 200);
    }

    [Fact]
    public void DoubleTensorsKeepDoublePrecision()
    {
        var t = Tensor.FromArray([1.0 / 3.0]);
        Assert.Equal(DType.Float64, t.DType);
        Assert.Equal(1.0 / 3.0, t.ItemAsDouble());
        Assert.Equal(DType.Float64, (t + Tensor.Ones([1])).DType); // mixed precision promotes
        Assert.Equal((float)(1.0 / 3.0), t.Float().Item());
    }
}
