using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Kernels;

/// <summary>Products with a pre-packed right operand give Gemm.Multiply's result bit for bit, for any thread count.</summary>
[Collection(NeuralSharp.Tests.Training.ThreadCountCollection.Name)]
public class GemmPackedBTests
{
    // The direct path (m <= 4, tiny products), edge tiles in every dimension, several blocks of k (KC is 1024 with
    // AVX-512, 256 otherwise), fewer micro-panels than threads (split by rows), and the LSTM's recurrent shapes.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 512, 128 },
        { 3, 7, 5 },
        { 7, 17, 33 },
        { 33, 17, 1100 },
        { 100, 130, 300 },
        { 128, 512, 128 },
        { 128, 128, 512 },
        { 250, 20, 600 },
        { 45, 70, 2100 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PackedProductIsBitIdenticalToGemmForAnyThreadCount(int m, int n, int k)
    {
        var saved = Parallelism.ThreadCount;
        try
        {
            var random = new Random(HashCode.Combine(m, n, k));
            foreach (var transA in new[] { false, true })
            {
                foreach (var transB in new[] { false, true })
                {
                    foreach (var (alpha, beta) in new[] { (1f, 0f), (0.5f, 1.25f) })
                    {
                        var lda = (transA ? m : k) + 2;
                        var ldb = (transB ? k : n) + 1;
                        var a = Random(random, ((transA ? k : m) * lda) + 3);
                        var b = Random(random, (transB ? n : k) * ldb);
                        var c0 = Random(random, m * n);
                        Parallelism.ThreadCount = 1;
                        var expected = (float[])c0.Clone();
                        Gemm.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, n);
                        var packed = new float[SgemmPackedB.Length(n, k)];
                        SgemmPackedB.Pack(transB, n, k, b, ldb, packed);
                        foreach (var threads in new[] { 1, 2, 3 })
                        {
                            Parallelism.ThreadCount = threads;
                            var c = (float[])c0.Clone();
                            SgemmPackedB.Multiply(transA, transB, m, n, k, alpha, a, lda, b, ldb, packed, beta, c, n);
                            for (var i = 0; i < c.Length; i++)
                            {
                                Assert.True(
                                    BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(c[i]),
                                    $"[{m}x{n}x{k}] transA {transA} transB {transB} alpha {alpha} beta {beta}, {threads} threads, element {i}: {c[i]} against {expected[i]}");
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            Parallelism.ThreadCount = saved;
        }
    }

    /// <summary>Any rows computed apart, on blocks starting anywhere (not only on tile boundaries), equal those rows of the whole product.</summary>
    [Theory]
    [MemberData(nameof(Shapes))]
    public void RowsComputedApartAreBitIdenticalToTheWholeProduct(int m, int n, int k)
    {
        var random = new Random(HashCode.Combine(m, n, k, 1));
        foreach (var transB in new[] { false, true })
        {
            if (!SgemmPackedB.RowsAreSeparable(false, transB, m, n, k))
            {
                Assert.Throws<ArgumentException>(() => SgemmPackedB.MultiplyRows(false, transB, m, n, k, new float[m * k], k, new float[SgemmPackedB.Length(n, k)], new float[m * n], n, 0, m));
                continue;
            }

            var ldb = (transB ? k : n) + 1;
            var a = Random(random, m * k);
            var b = Random(random, (transB ? n : k) * ldb);
            var expected = new float[m * n];
            Gemm.Multiply(false, transB, m, n, k, 1f, a, k, b, ldb, 0f, expected, n);
            var packed = new float[SgemmPackedB.Length(n, k)];
            SgemmPackedB.Pack(transB, n, k, b, ldb, packed);
            foreach (var cuts in new[] { new[] { 0, m }, new[] { 0, m / 2, m }, new[] { 0, 1, 5, Math.Max(5, m - 3), m }, new[] { 0, Math.Min(m, 13), Math.Min(m, 24), m } })
            {
                var c = new float[m * n];
                for (var block = 0; block + 1 < cuts.Length; block++)
                {
                    SgemmPackedB.MultiplyRows(false, transB, m, n, k, a, k, packed, c, n, cuts[block], cuts[block + 1]);
                }

                for (var i = 0; i < c.Length; i++)
                {
                    Assert.True(
                        BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(c[i]),
                        $"[{m}x{n}x{k}] transB {transB}, blocks [{string.Join(", ", cuts)}], element {i}: {c[i]} against {expected[i]}");
                }
            }
        }
    }

    [Fact]
    public void ShortSpansAreRefused()
    {
        var b = new float[6 * 4];
        Assert.Throws<ArgumentException>(() => SgemmPackedB.Pack(false, 4, 6, b, 4, new float[3]));
        Assert.Throws<ArgumentException>(() => SgemmPackedB.Pack(false, 4, 7, b, 4, new float[SgemmPackedB.Length(4, 7)]));
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
