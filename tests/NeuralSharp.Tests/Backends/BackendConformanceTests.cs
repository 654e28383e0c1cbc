using NeuralSharp.Backends;
using NeuralSharp.Kernels;

namespace NeuralSharp.Tests.Backends;

/// <summary>
/// Every backend member checked against plain scalar definitions written here, in float32 and float64,
/// on strided and broadcast operands: what a new backend must pass before the rest of the suite runs on it.
/// </summary>
public class BackendConformanceTests
{
    private static readonly double[] Sample = [-3.5, -1.25, -0.5, 0, 0.25, 0.75, 1.5, 4];

    public static TheoryData<string> Backends => TestBackends.Names;

    private static IEnumerable<DType> Types => [DType.Float32, DType.Float64];

    private static Tensor Make(double[] values, DType dtype, params int[] shape) => Tensor.FromArray(values, shape).To(dtype);

    private static void AssertValues(double[] expected, Tensor actual, DType dtype, string what)
    {
        var tol = dtype == DType.Float32 ? 2e-6 : 1e-13;
        var got = actual.ToDoubleArray();
        Assert.Equal(expected.Length, got.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var e = expected[i];
            var ok = double.IsNaN(e) ? double.IsNaN(got[i]) : e == got[i] || Math.Abs(e - got[i]) <= tol * Math.Max(1, Math.Abs(e));
            Assert.True(ok, $"{what} ({dtype}) element {i}: expected {e}, got {got[i]}");
        }
    }

    private static double Reference(UnaryKind kind, double x) => kind switch
    {
        UnaryKind.Negate => -x,
        UnaryKind.Exp => Math.Exp(x),
        UnaryKind.Log => Math.Log(x),
        UnaryKind.Sqrt => Math.Sqrt(x),
        UnaryKind.Abs => Math.Abs(x),
        UnaryKind.Square => x * x,
        UnaryKind.Reciprocal => 1 / x,
        UnaryKind.Sigmoid => 1 / (1 + Math.Exp(-x)),
        UnaryKind.Tanh => Math.Tanh(x),
        UnaryKind.Relu => Math.Max(x, 0),
        UnaryKind.Step => x >= 0 ? 1 : 0,
        UnaryKind.Sign => Math.Sign(x),
        UnaryKind.SoftPlus => Math.Log(1 + Math.Exp(x)),
    };

    private static double Reference(BinaryKind kind, double x, double y) => kind switch
    {
        BinaryKind.Add => x + y,
        BinaryKind.Subtract => x - y,
        BinaryKind.Multiply => x * y,
        BinaryKind.Divide => x / y,
        BinaryKind.Pow => Math.Pow(x, y),
        BinaryKind.Max => Math.Max(x, y),
        BinaryKind.Min => Math.Min(x, y),
        BinaryKind.Greater => x > y ? 1 : 0,
        BinaryKind.GreaterOrEqual => x >= y ? 1 : 0,
        BinaryKind.Less => x < y ? 1 : 0,
        BinaryKind.LessOrEqual => x <= y ? 1 : 0,
        BinaryKind.Equal => x == y ? 1 : 0,
    };

    [Theory, MemberData(nameof(Backends))]
    public void UnaryKernelsMatchTheirDefinitions(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            foreach (var kind in Enum.GetValues<UnaryKind>())
            {
                // A transposed view, so the backend must read strided input.
                var x = Make(Sample, dtype, 2, 4).T;
                var y = Tensor.Empty([4, 2], dtype);
                y.Backend.Unary(kind, x, y);
                var input = x.ToDoubleArray();
                AssertValues([.. input.Select(v => Reference(kind, dtype == DType.Float32 ? (float)v : v))], y, dtype, kind.ToString());
            }
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void FusedDerivativesEqualValueTimesDerivative(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            foreach (var kind in Enum.GetValues<UnaryKind>().Where(k => UnaryFunctions.FusedDerivative(k) != DerivativeArgument.None))
            {
                var x = Make(Sample, dtype, 8);
                var v = Make([.. Sample.Select(s => 0.5 - s)], dtype, 8);
                var y = Tensor.Empty([8], dtype);
                y.Backend.Unary(kind, x, y);
                var at = UnaryFunctions.FusedDerivative(kind) == DerivativeArgument.Input ? x : y;
                var result = Tensor.Empty([8], dtype);
                result.Backend.ScaleByDerivative(kind, v, at, result);
                var expected = (v * UnaryFunctions.Derivative(kind, x, y)!).ToDoubleArray();
                AssertValues(expected, result, dtype, kind.ToString());
            }
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void BinaryKernelsBroadcastAndMatchTheirDefinitions(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        double[] rows = [0.5, 1, 2, -1.5, 3, 0];
        double[] column = [2, -0.5];
        foreach (var dtype in Types)
        {
            foreach (var kind in Enum.GetValues<BinaryKind>())
            {
                var a = Make(rows, dtype, 2, 3);
                var b = Make(column, dtype, 2, 1);
                var result = Tensor.Empty([2, 3], dtype);
                result.Backend.Binary(kind, a, b, result);
                var expected = new double[6];
                for (var i = 0; i < 6; i++)
                {
                    expected[i] = Reference(kind, rows[i], column[i / 3]);
                }

                AssertValues(expected, result, dtype, kind.ToString());
            }
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void CopiesFillsAndElementAccess(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            var x = Make(Sample, dtype, 2, 4);
            var dst = Tensor.Empty([4, 2], dtype);
            dst.Backend.Copy(x.T, dst);
            AssertValues([-3.5, 0.25, -1.25, 0.75, -0.5, 1.5, 0, 4], dst, dtype, "copy of a transposed view");

            var wide = Tensor.Empty([2, 3], dtype);
            wide.Backend.BroadcastCopy(Make([7, 8, 9], dtype, 3), wide);
            AssertValues([7, 8, 9, 7, 8, 9], wide, dtype, "broadcast copy");

            wide.Backend.Fill(wide.T, -2);
            AssertValues([-2, -2, -2, -2, -2, -2], wide, dtype, "fill through a view");

            wide.Backend.SetElement(wide, 4, 5);
            Assert.Equal(5, wide.Backend.GetElement(wide, 4));

            var converted = Tensor.Empty([2, 4], dtype == DType.Float32 ? DType.Float64 : DType.Float32);
            converted.Backend.Copy(x, converted);
            AssertValues(Sample, converted, DType.Float32, "copy that converts the type");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void InPlaceClampAndSelect(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            var target = Make(Sample, dtype, 8);
            target.Backend.AddScaled(target, Make([1, 1, 1, 1, 1, 1, 1, 1], dtype, 8), -2);
            AssertValues([.. Sample.Select(v => v - 2)], target, dtype, "add scaled");
            target.Backend.Scale(target, 0.5);
            AssertValues([.. Sample.Select(v => (v - 2) / 2)], target, dtype, "scale");

            var clamped = Tensor.Empty([8], dtype);
            clamped.Backend.Clamp(Make(Sample, dtype, 8), -1, 1, clamped);
            AssertValues([.. Sample.Select(v => Math.Clamp(v, -1, 1))], clamped, dtype, "clamp");

            var chosen = Tensor.Empty([4], dtype);
            chosen.Backend.Select(Make([1, 0, 0, 2], dtype, 4), Make([1, 2, 3, 4], dtype, 4), Make([double.PositiveInfinity, -5, -6, -7], dtype, 4), chosen);
            AssertValues([1, -5, -6, 4], chosen, dtype, "select");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void Reductions(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            var x = Make(Sample, dtype, 2, 4);
            var sum = Tensor.Empty([2, 1], dtype);
            sum.Backend.Sum(x, 1, sum);
            AssertValues([-5.25, 6.5], sum, dtype, "sum over rows");

            var values = Tensor.Empty([1, 4], dtype);
            var indices = new int[4];
            values.Backend.Max(Make([1, 5, 2, 2, 3, 5, 2, -1], dtype, 2, 4), 0, values, indices);
            AssertValues([3, 5, 2, 2], values, dtype, "max");
            Assert.Equal([1, 0, 0, 0], indices); // ties go to the first maximum

            Assert.Equal(Sample.Sum(v => v * v), x.Backend.SumOfPowers(x, 2), 10);
            Assert.Equal(4, x.Backend.SumOfPowers(x, double.PositiveInfinity));
            Assert.True(x.Backend.AllFinite(x));
            Assert.False(x.Backend.AllFinite(Make([1, 2, double.NaN, 4, 5, 6, 7, 8, 9, 10], dtype, 10)));
            Assert.False(x.Backend.AllFinite(Make([double.NegativeInfinity], dtype, 1)));
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void AllFiniteFindsANonFiniteValueAtEveryPosition(string backend)
    {
        // Lengths that end in each part of the vector loop (four vectors at a time, one at a time, the scalar tail).
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            for (var n = 1; n <= 70; n++)
            {
                var values = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
                Assert.True(Backend.Current.AllFinite(Make(values, dtype, n)));
                foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
                {
                    for (var at = 0; at < n; at++)
                    {
                        var copy = (double[])values.Clone();
                        copy[at] = bad;
                        Assert.False(Backend.Current.AllFinite(Make(copy, dtype, n)), $"{dtype} n={n} at={at} {bad}");
                    }
                }
            }
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void ProductsMatchTheNaiveTripleLoop(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            int m = 5, k = 7, n = 3;
            var a = TestData.Seeded(1, 2, m, k).To(dtype);
            var b = TestData.Seeded(2, k, n).To(dtype);
            var c = Tensor.Empty([2, m, n], dtype);
            c.Backend.MatMul(a, b, c);
            var (av, bv) = (a.ToDoubleArray(), b.ToDoubleArray());
            var expected = new double[2 * m * n];
            for (var batch = 0; batch < 2; batch++)
            {
                for (var i = 0; i < m; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        for (var p = 0; p < k; p++)
                        {
                            expected[(batch * m * n) + (i * n) + j] += av[(batch * m * k) + (i * k) + p] * bv[(p * n) + j];
                        }
                    }
                }
            }

            AssertValues(expected, c, dtype, "batched matmul");

            // y = x W^T + bias, then with the ReLU fused: W [n, k] is b transposed.
            var w = b.T.Contiguous();
            var x = a.Reshape(2 * m, k).Contiguous();
            var bias = Tensor.Arange(n, dtype) - 1.5;
            var y = Tensor.Empty([2 * m, n], dtype);
            y.Backend.LinearForward(x, w, bias, y);
            double[] affine = [.. expected.Select((v, i) => v + (i % n) - 1.5)];
            AssertValues(affine, y, dtype, "linear forward");
            y.Backend.LinearForward(x, w, bias, y, GemmActivation.Relu);
            AssertValues([.. affine.Select(v => Math.Max(v, 0))], y, dtype, "linear forward with ReLU");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void PreparedProductsEqualPlainProductsBitForBit(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            // A small product (the direct path) and one large enough for the packed, blocked one.
            foreach (var (m, k, n) in new[] { (5, 7, 3), (40, 300, 200) })
            {
                var a = TestData.Seeded(3, m, k).To(dtype);
                foreach (var transpose in new[] { false, true })
                {
                    var w = (transpose ? TestData.Seeded(4, n, k) : TestData.Seeded(4, k, n)).To(dtype);
                    var expected = Tensor.Empty([m, n], dtype);
                    expected.Backend.MatMul(a, transpose ? w.T : w, expected);
                    var prepared = w.Backend.PrepareRightOperand(w, transpose);
                    var result = Tensor.Empty([m, n], dtype);
                    result.Backend.MatMulPrepared(a, w, transpose, prepared, result);
                    Assert.Equal(
                        expected.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits),
                        result.ToDoubleArray().Select(BitConverter.DoubleToInt64Bits));
                }
            }
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void IndexingAndItsAdjoints(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        foreach (var dtype in Types)
        {
            var x = Make(Sample, dtype, 2, 4);
            var picked = Tensor.Empty([2, 1], dtype);
            picked.Backend.Gather(x, 1, [3, 0], picked);
            AssertValues([0, 0.25], picked, dtype, "gather");

            var back = Tensor.Zeros([2, 4], dtype);
            back.Backend.ScatterAdd(Make([10, 20], dtype, 2, 1), 1, [3, 0], back);
            AssertValues([0, 0, 0, 10, 20, 0, 0, 0], back, dtype, "scatter-add");

            var rows = Tensor.Empty([3, 4], dtype);
            rows.Backend.IndexSelect(x, 0, [1, 1, 0], rows);
            AssertValues([.. Sample[4..], .. Sample[4..], .. Sample[..4]], rows, dtype, "index select");

            var sums = Tensor.Zeros([2, 4], dtype);
            sums.Backend.IndexAdd(Make([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3], dtype, 3, 4), 0, [1, 1, 0], sums);
            AssertValues([3, 3, 3, 3, 3, 3, 3, 3], sums, dtype, "index add with a repeated index");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void FusedOptimiserStepsMatchTheirRules(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);

        // 11 elements: whole vectors and a tail, on any vector width.
        var p0 = Enumerable.Range(0, 11).Select(i => (i - 5) * 0.3).ToArray();
        var g0 = Enumerable.Range(0, 11).Select(i => Math.Sin(i + 1)).ToArray();
        foreach (var dtype in Types)
        {
            var (p, g, m, v) = (Make(p0, dtype, 11), Make(g0, dtype, 11), Make(g0, dtype, 11) * 0.1, (Make(g0, dtype, 11) * Make(g0, dtype, 11)) + 0.01);
            var (m0, v0) = (m.ToDoubleArray(), v.ToDoubleArray());
            var adam = new AdamStep(Decay: 0.99, L2: 0, Beta1: 0.9, Beta2: 0.999, BiasCorrection2Sqrt: 0.5, Eps: 1e-8, NegativeStepSize: -0.01, AmsGrad: false);
            p.Backend.AdamStep(p, g, m, v, null, adam);
            var expected = new double[11];
            for (var i = 0; i < 11; i++)
            {
                var w = p0[i] * 0.99;
                var m1 = (0.9 * m0[i]) + (0.1 * g0[i]);
                var v1 = (0.999 * v0[i]) + (0.001 * g0[i] * g0[i]);
                expected[i] = w + (-0.01 * m1 / ((Math.Sqrt(v1) / 0.5) + 1e-8));
            }

            AssertValues(expected, p, dtype, "adam step");

            var (q, buffer) = (Make(p0, dtype, 11), Make(g0, dtype, 11));
            q.Backend.SgdStep(q, g, buffer, new SgdStep(WeightDecay: 0.1, UseMomentum: true, BufferScale: 0.9, GradientScale: 1, Nesterov: 0.9, NegativeLearningRate: -0.5));
            AssertValues([.. p0.Select((w, i) => w - (0.5 * ((g0[i] + (0.1 * w)) + (0.9 * ((0.9 * g0[i]) + g0[i] + (0.1 * w))))))], q, dtype, "sgd step (nesterov)");

            var (r, square) = (Make(p0, dtype, 11), Make([.. g0.Select(x => x * x)], dtype, 11));
            r.Backend.RmsPropStep(r, g, square, null, null, new RmsPropStep(WeightDecay: 0, Alpha: 0.99, Eps: 1e-8, Momentum: 0, Centered: false, NegativeLearningRate: -0.01));
            AssertValues([.. p0.Select((w, i) => w - (0.01 * g0[i] / (Math.Sqrt((0.99 * g0[i] * g0[i]) + (0.01 * g0[i] * g0[i])) + 1e-8)))], r, dtype, "rmsprop step");

            var (s, sum) = (Make(p0, dtype, 11), Tensor.Full([11], 0.5, dtype));
            s.Backend.AdaGradStep(s, g, sum, new AdaGradStep(WeightDecay: 0, Eps: 1e-10, NegativeStepSize: -0.1));
            AssertValues([.. p0.Select((w, i) => w - (0.1 * g0[i] / (Math.Sqrt(0.5 + (g0[i] * g0[i])) + 1e-10)))], s, dtype, "adagrad step");

            var (t, velocity) = (Make(p0, dtype, 11), Tensor.Full([11], 0.2, dtype));
            t.Backend.CourseMomentumStep(t, g, velocity, new CourseMomentumStep(Momentum: 0.9, LearningRate: 0.5, WeightDecay: 0));
            AssertValues([.. p0.Select((w, i) => w + (0.5 * ((0.9 * 0.2) - (0.1 * g0[i]))))], t, dtype, "course momentum step");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public void CrossEntropyRowsAndSoftmaxMinusTarget(string backend)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        double[] z = [1, 2, 0.5, -1, 3, 3];
        int[] labels = [1, 0];
        foreach (var dtype in Types)
        {
            var logits = Make(z, dtype, 2, 3);
            var (shift, logSum, loss) = (Tensor.Empty([2, 1], dtype), Tensor.Empty([2, 1], dtype), Tensor.Empty([2], dtype));
            var total = logits.Backend.CrossEntropy(logits, labels, null, shift, logSum, loss);
            var lse = new[] { Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5)), Math.Log(Math.Exp(-1) + (2 * Math.Exp(3))) };
            AssertValues([2, 3], shift, dtype, "row maxima");
            AssertValues([lse[0] - 2, lse[1] - 3], logSum, dtype, "log sums");
            AssertValues([lse[0] - 2, lse[1] + 1], loss, dtype, "losses");
            Assert.Equal(lse[0] - 2 + lse[1] + 1, total, dtype == DType.Float32 ? 5 : 12);

            var grad = Tensor.Empty([2, 3], dtype);
            grad.Backend.SoftmaxMinusTarget(logits, shift, logSum, labels, null, Make([0.5, 2], dtype, 2, 1), grad);
            var expected = new double[6];
            for (var i = 0; i < 6; i++)
            {
                var (r, j) = (i / 3, i % 3);
                expected[i] = (Math.Exp(z[i] - lse[r]) - (labels[r] == j ? 1 : 0)) * (r == 0 ? 0.5 : 2);
            }

            AssertValues(expected, grad, dtype, "softmax minus one-hot");
        }
    }

    public static TheoryData<string, int, int, int, int, int, int, int, int> ConvCases()
    {
        // backend, kernel h/w, stride h/w, padding top/left (bottom/right one more when asymmetric), dilation h/w
        var data = new TheoryData<string, int, int, int, int, int, int, int, int>();
        foreach (var b in TestBackends.All.Keys)
        {
            data.Add(b, 3, 3, 1, 1, 0, 0, 1, 1);
            data.Add(b, 3, 2, 2, 1, 1, 1, 1, 1);
            data.Add(b, 2, 3, 1, 3, 1, 2, 2, 1);
            data.Add(b, 1, 1, 2, 2, 0, 0, 1, 1);
            data.Add(b, 5, 5, 1, 1, 2, 2, 1, 1);   // a kernel as large as the padded image
        }

        return data;
    }

    [Theory, MemberData(nameof(ConvCases))]
    public void Im2ColMatchesTheWindowDefinitionAndCol2ImIsItsAdjoint(string backend, int kh, int kw, int sh, int sw, int pt, int pl, int dh, int dw)
    {
        using var _ = Backend.Use(TestBackends.All[backend]);
        const int n = 2, c = 2, h = 5, w = 4;
        var g = new ConvGeometry(c, h, w, kh, kw, sh, sw, pt, pt + (pt > 0 ? 1 : 0), pl, pl, dh, dw);
        Assert.True(g.OutHeight > 0 && g.OutWidth > 0);
        foreach (var dtype in Types)
        {
            var x = TestData.Seeded(3, n, c, h, w).To(dtype);
            var columns = Tensor.Empty([n, g.PatchSize, g.OutHeight * g.OutWidth], dtype);
            columns.Backend.Im2Col(x, g, columns);

            var xv = x.ToDoubleArray();
            var expected = new double[columns.Count];
            var at = 0;
            for (var img = 0; img < n; img++)
            {
                for (var ch = 0; ch < c; ch++)
                {
                    for (var i = 0; i < kh; i++)
                    {
                        for (var j = 0; j < kw; j++)
                        {
                            for (var oy = 0; oy < g.OutHeight; oy++)
                            {
                                for (var ox = 0; ox < g.OutWidth; ox++)
                                {
                                    var iy = (oy * sh) - pt + (i * dh);
                                    var ix = (ox * sw) - pl + (j * dw);
                                    expected[at++] = iy >= 0 && iy < h && ix >= 0 && ix < w ? xv[(((img * c) + ch) * h * w) + (iy * w) + ix] : 0;
                                }
                            }
                        }
                    }
                }
            }

            AssertValues(expected, columns, dtype, "im2col");

            // <im2col(x), y> = <x, col2im(y)> for any y: col2im is the adjoint, which is what the input gradient needs.
            var y = TestData.Seeded(4, n, g.PatchSize, g.OutHeight * g.OutWidth).To(dtype);
            var folded = Tensor.Zeros([n, c, h, w], dtype);
            folded.Backend.Col2Im(y, g, folded);
            var left = (columns.Double() * y.Double()).Sum().ItemAsDouble();
            var right = (x.Double() * folded.Double()).Sum().ItemAsDouble();
            Assert.Equal(left, right, dtype == DType.Float32 ? 4 : 10);
        }
    }
}
