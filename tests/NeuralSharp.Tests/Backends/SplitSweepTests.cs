namespace NeuralSharp.Tests.Backends;

/// <summary>The whole-tensor sweeps of a training step (zeroing gradients, the finiteness checks) split over threads
/// on large tensors and give the same answers on any number of them.</summary>
[Collection(NeuralSharp.Tests.Training.ThreadCountCollection.Name)]
public class SplitSweepTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void AllFiniteFindsANonFiniteElementAnywhereOnAnyThreadCount(DType dtype)
    {
        const int n = 300_001;
        var saved = Parallelism.ThreadCount;
        try
        {
            foreach (var threads in new[] { 1, 2, 3 })
            {
                Parallelism.ThreadCount = threads;
                var x = Tensor.Ones([n], dtype);
                Assert.True(x.Backend.AllFinite(x));
                foreach (var (at, value) in new[] { (0, double.NaN), (n / 2, double.PositiveInfinity), (n - 1, double.NegativeInfinity) })
                {
                    x.Backend.SetElement(x, at, value);
                    Assert.False(x.Backend.AllFinite(x), $"{value} at {at} on {threads} threads");
                    x.Backend.SetElement(x, at, 1);
                }

                // A view that starts past the non-finite element does not see it.
                x.Backend.SetElement(x, 5, double.NaN);
                var tail = x.Narrow(0, 6, n - 6);
                Assert.True(tail.Backend.AllFinite(tail));
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Fact]
    public void FillWritesEveryElementOfALargeTensorOnAnyThreadCount()
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            foreach (var threads in new[] { 1, 2, 3 })
            {
                Parallelism.ThreadCount = threads;
                var x = Tensor.Rand([3, 100_003]);
                var row = x.Narrow(0, 1, 1);
                row.Backend.Fill(row, 0.25);
                var values = x.ToArray();
                Assert.All(values.AsSpan(100_003, 100_003).ToArray(), v => Assert.Equal(0.25f, v));
                Assert.DoesNotContain(0.25f, values.AsSpan(0, 100_003).ToArray());
                Assert.DoesNotContain(0.25f, values.AsSpan(200_006).ToArray());
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }
}
