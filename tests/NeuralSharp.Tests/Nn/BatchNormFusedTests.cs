using NeuralSharp.Autograd;
using NeuralSharp.Nn;
using NeuralSharp.Tests.Training;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// The fused batch-norm primitive against the composition it replaced (means, subtraction, square root and
/// division): outputs, running statistics and the three gradients, in float32 and float64, for [N, C],
/// [N, C, L] and [N, C, H, W] inputs, with the same result on one thread as on two.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class BatchNormFusedTests
{
    public static TheoryData<int[]> Shapes => new() { new[] { 16, 3 }, new[] { 4, 3, 7 }, new[] { 5, 4, 6, 6 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TheFusedLayerMatchesTheComposition(int[] shape)
    {
        foreach (var dtype in new[] { DType.Float64, DType.Float32 })
        {
            var g = new Generator(shape.Length);
            var x = (Tensor.Randn(shape, generator: g, dtype: dtype) * 3) + 5;
            var dy = Tensor.Randn(shape, generator: g, dtype: dtype);
            var layer = shape.Length == 4 ? (BatchNormBase)new BatchNorm2d(shape[1]) : new BatchNorm1d(shape[1]);
            layer = (BatchNormBase)layer.To(dtype);
            using (GradMode.NoGrad())
            {
                layer.Weight!.CopyFrom(Tensor.Randn([shape[1]], generator: g, dtype: dtype));
                layer.Bias!.CopyFrom(Tensor.Randn([shape[1]], generator: g, dtype: dtype));
            }

            var input = x.Detach();
            input.RequiresGrad = true;
            var y = layer.Forward(input);
            y.Backward(dy);

            var (expected, dx, dw, db, mean, variance) = Composed(x, dy, layer.Weight!.Detach(), layer.Bias!.Detach());
            var tolerance = dtype == DType.Float64 ? 1e-12 : 2e-5;
            TestData.AssertClose(expected.ToDoubleArray(), y, tolerance);
            TestData.AssertClose(dx.ToDoubleArray(), input.Grad!, tolerance);
            TestData.AssertClose(dw.ToDoubleArray(), layer.Weight!.Grad!, tolerance * 10);
            TestData.AssertClose(db.ToDoubleArray(), layer.Bias!.Grad!, tolerance * 10);

            // Running statistics: momentum 0.1 from mean 0 and variance 1, with the unbiased variance.
            var n = (double)(x.Count / shape[1]);
            TestData.AssertClose(mean.ToDoubleArray().Select(m => 0.1 * m).ToArray(), layer.RunningMean, tolerance);
            TestData.AssertClose(variance.ToDoubleArray().Select(v => 0.9 + (0.1 * v * n / (n - 1))).ToArray(), layer.RunningVar, tolerance);
        }
    }

    [Fact]
    public void OneThreadAndTwoGiveTheSameBits()
    {
        var x = Tensor.Randn([8, 6, 5, 5], generator: new Generator(4));
        float[] Run(int threads)
        {
            var saved = Parallelism.ThreadCount;
            Parallelism.ThreadCount = threads;
            try
            {
                var input = x.Detach();
                input.RequiresGrad = true;
                var layer = new BatchNorm2d(6);
                var y = layer.Forward(input);
                y.Square().Sum().Backward();
                return [.. y.ToArray(), .. input.Grad!.ToArray(), .. layer.Weight!.Grad!.ToArray()];
            }
            finally
            {
                Parallelism.ThreadCount = saved;
            }
        }

        Assert.Equal(Run(1), Run(2));
    }

    /// <summary>The layer's former composition, and its gradients by autograd through it.</summary>
    private static (Tensor Y, Tensor Dx, Tensor Dw, Tensor Db, Tensor Mean, Tensor Variance) Composed(Tensor x, Tensor dy, Tensor w, Tensor b)
    {
        var dims = Enumerable.Range(0, x.Rank).Where(d => d != 1).ToArray();
        var shape = Enumerable.Range(0, x.Rank).Select(d => d == 1 ? x.Dims[1] : 1).ToArray();
        var (input, weight, bias) = (x.Detach(), w.Detach(), b.Detach());
        input.RequiresGrad = weight.RequiresGrad = bias.RequiresGrad = true;
        var mean = input.Mean(dims, keepDim: true);
        var variance = (input - mean).Square().Mean(dims, keepDim: true);
        var y = ((input - mean) / (variance + 1e-5).Sqrt() * weight.Reshape(shape)) + bias.Reshape(shape);
        y.Backward(dy);
        return (y.Detach(), input.Grad!, weight.Grad!, bias.Grad!, mean.Detach().Reshape(x.Dims[1]), variance.Detach().Reshape(x.Dims[1]));
    }
}
