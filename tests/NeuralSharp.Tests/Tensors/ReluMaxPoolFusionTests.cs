using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Tensors;

/// <summary>
/// The fused ReLU-then-max-pool (Tensor.ReluMaxPool2d, and Sequential's ReLU followed by MaxPool2d) against the two
/// ops one after the other: the same values and input gradients bit for bit, on inputs full of ties, zeros, -0 and NaNs,
/// on the non-overlapping 2 x 2 path (even and odd sizes) and the general one, in float32 and float64, at 1 and 2 threads.
/// </summary>
[Collection(NeuralSharp.Tests.Training.ThreadCountCollection.Name)]
public sealed class ReluMaxPoolFusionTests
{
    public static TheoryData<int, int, int, int, bool, int> Geometries => new()
    {
        { 2, 2, 0, 1, false, 12 },
        { 2, 2, 0, 1, false, 40 },
        { 2, 2, 0, 1, false, 11 },
        { 2, 2, 0, 1, true, 11 },
        { 3, 2, 1, 1, false, 11 },
        { 3, 1, 1, 2, false, 10 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void FusedEqualsReluThenPoolBitForBit(int kernel, int stride, int padding, int dilation, bool ceilMode, int side)
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            {
                var values = Values(2 * 3 * side * side, seed: side + kernel);
                var dy = Values(2 * 3 * side * side, seed: 7);
                byte[]? first = null;
                foreach (var threads in new[] { 1, 2 })
                {
                    Parallelism.ThreadCount = threads;
                    var (y, dx) = Run(fused: true);
                    var (yRef, dxRef) = Run(fused: false);
                    Assert.Equal(Bits(yRef), Bits(y));
                    Assert.Equal(Bits(dxRef), Bits(dx));
                    Assert.Contains(dxRef, v => v == 0); // the ReLU closed some windows
                    Assert.Contains(dxRef, v => v != 0 && !double.IsNaN(v));
                    var all = Bits(y).Concat(Bits(dx)).ToArray();
                    first ??= all;
                    Assert.Equal(first, all);
                }

                (double[] Y, double[] Dx) Run(bool fused)
                {
                    var x = Tensor.FromArray(values, 2, 3, side, side).To(dtype);
                    x.RequiresGrad = true;
                    var y = fused
                        ? Tensor.ReluMaxPool2d(x, (kernel, kernel), (stride, stride), (padding, padding), (dilation, dilation), ceilMode)
                        : Tensor.MaxPool2d(x.Relu(), (kernel, kernel), (stride, stride), (padding, padding), (dilation, dilation), ceilMode);
                    y.Backward(Tensor.FromArray(dy[..y.Count], y.Dims.ToArray()).To(dtype));
                    return (y.ToDoubleArray(), x.Grad!.ToDoubleArray());
                }
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Fact]
    public void SequentialFusesReluAndPoolingWithTheSameGradients()
    {
        var x = Tensor.Randn([5, 1, 28, 28], generator: new Generator(2));
        var (y, grads) = Step(observed: false);
        var (yRef, gradsRef) = Step(observed: true); // a hook on the ReLU keeps the layers apart
        Assert.Equal(yRef.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(gradsRef.Select(BitConverter.SingleToInt32Bits), grads.Select(BitConverter.SingleToInt32Bits));

        (float[] Y, float[] Grads) Step(bool observed)
        {
            var model = Models.LeNet5(10, new Generator(3));
            using var hook = observed ? ((ReLU)model[1]).RegisterForwardHook((_, _, _) => { }) : null;
            var y = model.Forward(x);
            y.Square().Sum().Backward();
            return (y.ToArray(), [.. model.Parameters().SelectMany(p => p.Grad!.ToArray())]);
        }
    }

    private static IEnumerable<byte> Bits(double[] values) => values.SelectMany(BitConverter.GetBytes);

    // Mostly small integers of both signs (ties, zeros), some -0s and a few NaNs.
    private static double[] Values(int count, int seed)
    {
        var g = new Generator(seed);
        return [.. Enumerable.Range(0, count).Select(_ => g.NextInt(40) switch
        {
            0 => double.NaN,
            1 or 2 => -0.0,
            var k => (k % 9) - 4,
        })];
    }
}
