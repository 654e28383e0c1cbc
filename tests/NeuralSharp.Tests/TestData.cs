namespace NeuralSharp.Tests;

/// <summary>Random inputs for tests, always from a fixed seed.</summary>
internal static class TestData
{
    public static Tensor Randn(params int[] shape) => Tensor.Randn(shape, generator: new Generator(Seed(shape)), dtype: DType.Float64);

    public static Tensor Seeded(int seed, params int[] shape) => Tensor.Randn(shape, generator: new Generator(seed), dtype: DType.Float64);

    /// <summary>Values bounded away from zero (for log, sqrt, division).</summary>
    public static Tensor Positive(params int[] shape) => Tensor.Rand(shape, 0.5, 2.0, new Generator(Seed(shape) + 1), DType.Float64);

    private static int Seed(int[] shape) => shape.Aggregate(17, (h, d) => (h * 31) + d);

    public static void AssertClose(double[] expected, Tensor actual, double tol = 1e-6)
    {
        var a = actual.ToDoubleArray();
        Assert.Equal(expected.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - a[i]) <= tol, $"element {i}: expected {expected[i]}, got {a[i]} (tolerance {tol})");
        }
    }

    public static void AssertGradients(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        var result = global::NeuralSharp.Autograd.GradCheck.Check(f, inputs);
        Assert.True(result.Passed, result.Message);
    }
}
