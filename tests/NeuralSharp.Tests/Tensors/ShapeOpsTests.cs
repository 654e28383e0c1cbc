namespace NeuralSharp.Tests.Tensors;

public class ShapeOpsTests
{
    [Fact]
    public void ReshapeInfersOneDimensionAndChecksTheCount()
    {
        var t = Tensor.Arange(12);
        Assert.Equal(new[] { 3, 4 }, t.Reshape(3, -1).Shape.ToArray());
        var e = Assert.Throws<ArgumentException>(() => t.Reshape(5, -1));
        Assert.Contains("reshape: cannot reshape [12] (12 elements) to [5, -1]", e.Message);
        Assert.Equal(new[] { 2, 12 }, Tensor.Zeros([2, 3, 4]).Flatten(1).Shape.ToArray());
    }

    [Fact]
    public void TransposeAndPermuteAreViewsThatShareData()
    {
        var a = Tensor.Arange(6).Reshape(2, 3);
        var t = a.T;
        Assert.Equal(new[] { 3, 2 }, t.Shape.ToArray());
        Assert.Equal(4f, t[1, 1]);
        a[0, 1] = 42;
        Assert.Equal(42f, t[1, 0]);
        var p = Tensor.Arange(24).Reshape(2, 3, 4).Permute(2, 0, 1);
        Assert.Equal(new[] { 4, 2, 3 }, p.Shape.ToArray());
        Assert.Equal(13f, p[1, 1, 0]);
    }

    [Fact]
    public void NarrowSqueezeUnsqueezeExpand()
    {
        var a = Tensor.Arange(12).Reshape(3, 4);
        Assert.Equal(new float[] { 4, 5, 6, 7, 8, 9, 10, 11 }, a.Narrow(0, 1, 2).ToArray());
        Assert.Equal(new float[] { 1, 2, 5, 6, 9, 10 }, a.Narrow(1, 1, 2).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Narrow(0, 2, 2));
        Assert.Equal(new[] { 1, 3, 4 }, a.Unsqueeze(0).Shape.ToArray());
        Assert.Equal(new[] { 3, 4, 1 }, a.Unsqueeze(-1).Shape.ToArray());
        Assert.Equal(new[] { 3, 4 }, a.Unsqueeze(1).Squeeze(1).Shape.ToArray());
        Assert.Same(a, a.Squeeze(0));
        Assert.Equal(new float[] { 1, 2, 1, 2 }, Tensor.FromArray([1f, 2f]).Expand(2, 2).ToArray());
    }

    [Fact]
    public void ConcatStackIndexSelectGatherOneHot()
    {
        var a = Tensor.FromArray([1f, 2f], 1, 2);
        var b = Tensor.FromArray([3f, 4f, 5f, 6f], 2, 2);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, Tensor.Concat([a, b]).ToArray());
        Assert.Equal(new[] { 2, 1, 2 }, Tensor.Stack([a, a]).Shape.ToArray());
        var e = Assert.Throws<ArgumentException>(() => Tensor.Concat([a, b], 1));
        Assert.Contains("concat: shapes [1, 2] and [2, 2] differ", e.Message);
        Assert.Equal(new float[] { 5, 6, 3, 4, 5, 6 }, b.IndexSelect(0, [1, 0, 1]).ToArray());
        var logits = Tensor.FromArray([0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f], 2, 3);
        Assert.Equal(new float[] { 0.7f, 0.5f }, logits.Gather(1, [1, 0]).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => logits.Gather(1, [3, 0]));
        Assert.Equal(new float[] { 0, 1, 0, 1, 0, 0 }, Tensor.OneHot([1, 0], 3).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.OneHot([3], 3));
    }
}
