using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Kernels;

[Collection(NeuralSharp.Tests.Training.ThreadCountCollection.Name)]
public class GemmTests
{
    // Shapes (m, n, k) cover the direct path (m <= 4, tiny products), the blocked path with edge
    // tiles in every dimension, several KC blocks, and products large enough to be threaded.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 1, 128, 784 },
        { 1, 33, 17 },
        { 3, 7, 5 },
        { 10, 30, 784 },
        { 7, 17, 33 },
        { 33, 17, 7 },
        { 17, 33, 1023 },
        { 1023, 7, 17 },
        { 13, 1023, 9 },
        { 64, 64, 64 },
        { 100, 130, 300 },
        { 250, 70, 520 },
        { 37, 300, 260 },
        { 45, 70, 301 },
        { 20, 40, 1100 },
    };

    public static TheoryData<float, float> Scales => new()
    {
        { 1f, 0f },
        { 1f, 1f },
        { -0.75f, 0f },
        { 0.5f, 1f },
        { 1.5f, -2f },
        { 0f, 0.5f },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FloatMatchesReferenceForAllTransposes(int m, int n, int k)
    {
        var random = new Random(HashCode.Combine(m, n, k));
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                // A padded leading dimension exercises the stride on every operand.
                int pad = transA ? 3 : 0;
                var x = Operands.Random(random, m, n, k, transA, transB, pad, pad + 1, pad + 2);
                float alpha = transB ? 0.5f : 1f;
                float beta = transA ? 1.25f : 0f;
                x.CheckFloat(alpha, beta);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Scales))]
    public void FloatAppliesAlphaAndBeta(float alpha, float beta)
    {
        var random = new Random(42);
        foreach ((int m, int n, int k) in new[] { (1, 40, 30), (10, 30, 50), (70, 90, 300) })
        {
            Operands.Random(random, m, n, k, false, true, 0, 5, 2).CheckFloat(alpha, beta);
        }
    }

    [Theory]
    [InlineData(10, 30, 784)]
    [InlineData(6, 13, 40)]
    [InlineData(14, 9, 17)]
    public void LeftOverRowsOfADotProductGiveTheSameBitsAsAFullTile(int m, int n, int k)
    {
        // x W^T with few rows takes the dot-product kernels; the two rows left after the 4-row tiles take a 2x8 tile.
        // The same two rows with two more under them (a 4-row product, always direct) fill a 4x4 tile instead:
        // every bit must agree.
        using var _ = NeuralSharp.Autograd.GradMode.NoGrad();
        var generator = new Generator(m + n + k);
        var x = Tensor.Randn([m, k], generator: generator);
        var w = Tensor.Randn([n, k], generator: generator);
        var lastTwo = x.Narrow(0, m - 2, 2);
        var four = Tensor.Concat([lastTwo, Tensor.Randn([2, k], generator: generator)], 0);
        var few = x.MatMul(w.T).Narrow(0, m - 2, 2).Contiguous().ToArray();
        var full = four.MatMul(w.T).Narrow(0, 0, 2).Contiguous().ToArray();
        Assert.Equal(full, few);
    }

    [Fact]
    public void BetaZeroIgnoresNaNInC()
    {
        var random = new Random(7);
        foreach ((int m, int n, int k) in new[] { (1, 20, 10), (5, 6, 7), (90, 100, 120) })
        {
            var x = Operands.Random(random, m, n, k, true, false, 1, 0, 3);
            Array.Fill(x.C, float.NaN);
            x.CheckFloat(2f, 0f);
        }
    }

    [Fact]
    public void ZeroDepthOrZeroAlphaOnlyScalesC()
    {
        float[] c = [1f, 2f, float.NaN, 4f];
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0f, c, 2);
        Assert.Equal([0f, 0f, 0f, 0f], c);

        c = [1f, 2f, 3f, 4f];
        Gemm.Multiply(false, false, 2, 2, 1, 0f, [float.NaN, 1f], 1, [1f, 1f], 2, 2f, c, 2);
        Assert.Equal([2f, 4f, 6f, 8f], c);
    }

    [Fact]
    public void ThreadCountDoesNotChangeAnyBit()
    {
        var random = new Random(3);
        int saved = Parallelism.ThreadCount;
        try
        {
            // Tall (split by rows) and wide (split by columns) products above the threading threshold.
            // Then one-row and few-row products, split by blocks of columns on the direct path.
            foreach ((int m, int n, int k, bool tA, bool tB) in new[]
            {
                (301, 259, 600, false, false), (40, 777, 300, true, true),
                (1, 512, 784, false, true), (3, 600, 150, false, false), (1, 640, 128, true, true), (2, 300, 700, false, true),
            })
            {
                var x = Operands.Random(random, m, n, k, tA, tB, 0, 1, 0);
                float[] initial = (float[])x.C.Clone();

                Parallelism.ThreadCount = 1;
                Gemm.Multiply(tA, tB, m, n, k, 0.7f, x.A, x.Lda, x.B, x.Ldb, 0.3f, x.C, x.Ldc);
                float[] single = (float[])x.C.Clone();

                // 3 threads on a 2-core machine also exercises uneven splits and oversubscription.
                foreach (int threads in new[] { 2, 3 })
                {
                    initial.CopyTo(x.C, 0);
                    Parallelism.ThreadCount = threads;
                    Gemm.Multiply(tA, tB, m, n, k, 0.7f, x.A, x.Lda, x.B, x.Ldb, 0.3f, x.C, x.Ldc);

                    Assert.Equal(
                        single.Select(BitConverter.SingleToInt32Bits),
                        x.C.Select(BitConverter.SingleToInt32Bits));
                }
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    [InlineData(1, 512, 784)]
    [InlineData(1000, 40, 2100)]
    public void LinearForwardEqualsTheUnfusedOpsBitForBit(int m, int n, int k)
    {
        var random = new Random(m + (7 * n) + (13 * k));
        var x = Operands.Random(random, m, n, k, false, true, 0, 0, 0);
        var bias = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        int saved = Parallelism.ThreadCount;
        try
        {
            foreach (int threads in new[] { 1, 2, 3 })
            {
                Parallelism.ThreadCount = threads;

                // The ops one after the other: the bias broadcast into y, the product accumulated onto it, then ReLU.
                var expected = new float[m * n];
                for (int i = 0; i < m; i++)
                {
                    bias.CopyTo(expected, i * n);
                }

                Gemm.Multiply(false, true, m, n, k, 1f, x.A, k, x.B, k, 1f, expected, n);
                var relu = expected.Select(v => Math.Max(v, 0f)).ToArray();

                var y = new float[m * n];
                Gemm.LinearForward(m, n, k, x.A, x.B, bias, GemmActivation.None, y);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
                Gemm.LinearForward(m, n, k, x.A, x.B, bias, GemmActivation.Relu, y);
                Assert.Equal(relu.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));

                // Without a bias, the plain product.
                Gemm.Multiply(false, true, m, n, k, 1f, x.A, k, x.B, k, 0f, expected, n);
                Gemm.LinearForward(m, n, k, x.A, x.B, default, GemmActivation.None, y);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), y.Select(BitConverter.SingleToInt32Bits));
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Fact]
    public void LinearForwardRejectsABiasOfTheWrongLength()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => Gemm.LinearForward(2, 4, 3, new float[6], new float[12], new float[3], GemmActivation.None, new float[8]));
        Assert.Contains("4 outputs", ex.Message);
    }

    [Fact]
    public void WarmCallsDoNotAllocate()
    {
        var random = new Random(5);
        int saved = Parallelism.ThreadCount;
        try
        {
            Parallelism.ThreadCount = 2;
            var cases = new[]
            {
                Operands.Random(random, 1, 100, 60, false, false, 0, 0, 0),
                Operands.Random(random, 10, 30, 100, false, true, 0, 0, 0),
                Operands.Random(random, 60, 70, 80, true, false, 0, 0, 0),
                Operands.Random(random, 200, 160, 300, false, false, 0, 0, 0),
            };
            for (int warm = 0; warm < 3; warm++)
            {
                foreach (var x in cases)
                {
                    x.Run(1f, 0.5f);
                }
            }

            var report = new long[cases.Length * 2];
            for (int t = 0; t < report.Length; t++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                cases[t % cases.Length].Run(1f, 0.5f);
                report[t] = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            Assert.True(report.All(r => r == 0), "bytes allocated per call: " + string.Join(", ", report));
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 33, 17)]
    [InlineData(33, 7, 1023)]
    [InlineData(130, 300, 140)]
    public void DoubleMatchesReference(int m, int n, int k)
    {
        var random = new Random(11);
        foreach (bool transA in new[] { false, true })
        {
            foreach (bool transB in new[] { false, true })
            {
                var x = Operands.Random(random, m, n, k, transA, transB, 2, 0, 1);
                double[] a = x.A.Select(v => (double)v).ToArray();
                double[] b = x.B.Select(v => (double)v).ToArray();
                double[] c = x.C.Select(v => transB ? (double)v : double.NaN).ToArray();
                double beta = transB ? -0.5 : 0;
                double[] expected = x.Reference(1.5, beta, c);
                Gemm.Multiply(transA, transB, m, n, k, 1.5, a, x.Lda, b, x.Ldb, beta, c, x.Ldc);
                for (int i = 0; i < c.Length; i++)
                {
                    Assert.True(
                        expected[i].Equals(c[i]) || Math.Abs(c[i] - expected[i]) <= 1e-12 * (k + 1),
                        $"({m}x{n}x{k}, tA={transA}, tB={transB}) element {i}: {c[i]} vs {expected[i]}");
                }
            }
        }
    }

    [Fact]
    public void RejectsNegativeSizes()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(false, false, -1, 2, 2, 1f, new float[4], 2, new float[4], 2, 0f, new float[4], 2));
        Assert.Equal("m", ex.ParamName);
        Assert.Contains("m = -1", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(false, false, 2, 2, -3, 1d, new double[4], 2, new double[4], 2, 0d, new double[4], 2));
    }

    [Fact]
    public void RejectsSmallLeadingDimensions()
    {
        // A is stored transposed as k x m = 3 x 2, so lda must be at least 2.
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(true, false, 2, 4, 3, 1f, new float[6], 1, new float[12], 4, 0f, new float[8], 4));
        Assert.Equal("lda", ex.ParamName);
        Assert.Contains("operand A", ex.Message);
        Assert.Contains("3 x 2", ex.Message);

        ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => Gemm.Multiply(false, false, 2, 4, 3, 1f, new float[6], 3, new float[12], 4, 0f, new float[8], 3));
        Assert.Equal("ldc", ex.ParamName);
    }

    [Fact]
    public void RejectsShortSpans()
    {
        // B (k x n = 3 x 4, ldb = 5) needs 2 * 5 + 4 = 14 elements.
        var ex = Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(false, false, 2, 4, 3, 1f, new float[6], 3, new float[13], 5, 0f, new float[8], 4));
        Assert.Equal("b", ex.ParamName);
        Assert.Contains("operand B", ex.Message);
        Assert.Contains("14", ex.Message);

        ex = Assert.Throws<ArgumentException>(
            () => Gemm.Multiply(false, true, 2, 4, 3, 1d, new double[6], 3, new double[12], 3, 0d, new double[7], 4));
        Assert.Equal("c", ex.ParamName);
    }

    /// <summary>Random operands of one product, stored with the given transposes and padding.</summary>
    private sealed class Operands
    {
        public required int M { get; init; }

        public required int N { get; init; }

        public required int K { get; init; }

        public required bool TransA { get; init; }

        public required bool TransB { get; init; }

        public required float[] A { get; init; }

        public required float[] B { get; init; }

        public required float[] C { get; init; }

        public required int Lda { get; init; }

        public required int Ldb { get; init; }

        public required int Ldc { get; init; }

        public static Operands Random(Random random, int m, int n, int k, bool transA, bool transB, int padA, int padB, int padC)
        {
            int aRows = transA ? k : m, aCols = transA ? m : k;
            int bRows = transB ? n : k, bCols = transB ? k : n;
            int lda = aCols + padA, ldb = bCols + padB, ldc = n + padC;
            return new Operands
            {
                M = m,
                N = n,
                K = k,
                TransA = transA,
                TransB = transB,
                Lda = lda,
                Ldb = ldb,
                Ldc = ldc,
                A = Fill(random, Math.Max(0, ((aRows - 1) * lda) + aCols)),
                B = Fill(random, Math.Max(0, ((bRows - 1) * ldb) + bCols)),
                C = Fill(random, Math.Max(0, ((m - 1) * ldc) + n)),
            };
        }

        public void Run(float alpha, float beta) =>
            Gemm.Multiply(TransA, TransB, M, N, K, alpha, A, Lda, B, Ldb, beta, C, Ldc);

        /// <summary>Runs the float product and compares it with the double reference, elementwise.</summary>
        public void CheckFloat(float alpha, float beta)
        {
            double[] c0 = C.Select(v => (double)v).ToArray();
            double[] magnitude = new double[C.Length];
            double[] expected = Reference(alpha, beta, c0, magnitude);
            float[] gap = C.Where((_, i) => IsGap(i)).ToArray();
            Run(alpha, beta);
            for (int i = 0; i < C.Length; i++)
            {
                if (IsGap(i))
                {
                    continue;
                }

                // Float rounding grows at most linearly with k, relative to sum |alpha a b| + |beta c|.
                double tolerance = (4.0 * (K + 2) * Math.Pow(2, -24) * magnitude[i]) + 1e-30;
                Assert.True(
                    Math.Abs(C[i] - expected[i]) <= tolerance,
                    $"({M}x{N}x{K}, tA={TransA}, tB={TransB}, alpha={alpha}, beta={beta}) C[{i / Ldc},{i % Ldc}] = {C[i]}, expected {expected[i]}");
            }

            // Padding between rows of C must be left alone.
            Assert.Equal(gap, C.Where((_, i) => IsGap(i)).ToArray());
        }

        /// <summary>Triple loop with double accumulation; C's padding is copied unchanged.</summary>
        public double[] Reference(double alpha, double beta, double[] c, double[]? magnitude = null)
        {
            double[] result = (double[])c.Clone();
            for (int i = 0; i < M; i++)
            {
                for (int j = 0; j < N; j++)
                {
                    double sum = 0, abs = 0;
                    for (int p = 0; p < K; p++)
                    {
                        double product = (double)(TransA ? A[(p * Lda) + i] : A[(i * Lda) + p])
                            * (TransB ? B[(j * Ldb) + p] : B[(p * Ldb) + j]);
                        sum += product;
                        abs += Math.Abs(product);
                    }

                    int index = (i * Ldc) + j;
                    double old = beta == 0 ? 0 : beta * c[index];
                    result[index] = (alpha * sum) + old;
                    if (magnitude is not null)
                    {
                        magnitude[index] = (Math.Abs(alpha) * abs) + Math.Abs(old);
                    }
                }
            }

            return result;
        }

        private bool IsGap(int index) => index % Ldc >= N;

        private static float[] Fill(Random random, int length)
        {
            var values = new float[length];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 2) - 1);
            }

            return values;
        }
    }
}
