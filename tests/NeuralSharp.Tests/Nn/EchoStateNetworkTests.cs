using NeuralSharp.Autograd;
using NeuralSharp.Demos;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>The eigenvalue routine behind the spectral radius, and the echo state network: its reservoir, its two readout fits and its prediction of a chaotic series.</summary>
public sealed class EchoStateNetworkTests
{
    /// <summary>The companion matrix of the monic polynomial with the given roots' coefficients c0..c(n-1): eigenvalues are the roots.</summary>
    private static double[] Companion(double[] coefficients)
    {
        var n = coefficients.Length;
        var a = new double[n * n];
        for (var i = 1; i < n; i++)
        {
            a[(i * n) + i - 1] = 1;
        }

        for (var i = 0; i < n; i++)
        {
            a[(i * n) + n - 1] = -coefficients[i];
        }

        return a;
    }

    /// <summary>The coefficients c0..c(n-1) of prod (z - root), for real roots and complex pairs re ± i im.</summary>
    private static double[] Poly(double[] real, (double Re, double Im)[] pairs)
    {
        double[] p = [1];
        double[] Times(double[] q, double[] factor)
        {
            var r = new double[q.Length + factor.Length - 1];
            for (var i = 0; i < q.Length; i++)
            {
                for (var j = 0; j < factor.Length; j++)
                {
                    r[i + j] += q[i] * factor[j];
                }
            }

            return r;
        }

        // Coefficients stored lowest power first.
        foreach (var root in real)
        {
            p = Times(p, [-root, 1]);
        }

        foreach (var (re, im) in pairs)
        {
            p = Times(p, [(re * re) + (im * im), -2 * re, 1]);
        }

        return p[..^1];
    }

    [Fact]
    public void EigenvaluesOfKnownMatricesIncludingDominantComplexPairs()
    {
        // A companion matrix (far from normal) whose largest roots are the complex pair ±1.1i: power iteration on it oscillates.
        var companion = Companion(Poly([0.5, -0.3, 0.9], [(0, 1.1), (0.5, 0.5)]));
        var values = Eigenvalues.Of(companion, 7);
        Assert.Equal(1.1, Eigenvalues.SpectralRadius(companion, 7), 1e-9);
        Assert.Contains(values, e => Math.Abs(e.Re) < 1e-9 && Math.Abs(e.Im - 1.1) < 1e-9);
        Assert.Contains(values, e => Math.Abs(e.Re) < 1e-9 && Math.Abs(e.Im + 1.1) < 1e-9);
        Assert.Contains(values, e => Math.Abs(e.Re + 0.3) < 1e-9 && e.Im == 0);
        Assert.Contains(values, e => Math.Abs(e.Re - 0.5) < 1e-9 && Math.Abs(Math.Abs(e.Im) - 0.5) < 1e-9);

        // Rotation-like: two rotation blocks scaled by 0.95 and 0.6 and a real 0.8, mixed by a similarity S B S^-1.
        const int n = 5;
        var b = new double[n * n];
        void Rotation(int at, double r, double theta)
        {
            b[(at * n) + at] = r * Math.Cos(theta);
            b[(at * n) + at + 1] = -r * Math.Sin(theta);
            b[((at + 1) * n) + at] = r * Math.Sin(theta);
            b[((at + 1) * n) + at + 1] = r * Math.Cos(theta);
        }

        Rotation(0, 0.95, 1.0);
        Rotation(2, 0.6, 2.5);
        b[(4 * n) + 4] = 0.8;
        var s = Tensor.Eye(n, DType.Float64) + (TestData.Seeded(3, n, n) * 0.3);
        var mixed = s.MatMul(Tensor.FromArray(b, n, n)).MatMul(Inverse(s));
        Assert.Equal(0.95, Eigenvalues.SpectralRadius(mixed), 1e-9);

        // Trace and determinant of a random matrix agree with the sum and product of its eigenvalues.
        var random = TestData.Seeded(4, 12, 12).ToDoubleArray();
        var eig = Eigenvalues.Of(random, 12);
        Assert.Equal(Enumerable.Range(0, 12).Sum(i => random[(i * 12) + i]), eig.Sum(e => e.Re), 1e-8);
        Assert.True(Math.Abs(eig.Sum(e => e.Im)) < 1e-8);

        // Gelfand's formula: (||W^400|| / ||W^200||)^(1/200) -> rho.
        var w = Tensor.FromArray(random, 12, 12) / 5.0;
        var power = w;
        double norm200 = 0;
        for (var k = 2; k <= 400; k++)
        {
            power = power.MatMul(w);
            if (k == 200)
            {
                norm200 = Math.Sqrt(power.Square().Sum().ItemAsDouble());
            }
        }

        var gelfand = Math.Pow(Math.Sqrt(power.Square().Sum().ItemAsDouble()) / norm200, 1.0 / 200);
        Assert.Equal(Eigenvalues.SpectralRadius(w), gelfand, 0.02);
        Assert.Equal(0, Eigenvalues.SpectralRadius(new double[16], 4));
        Assert.Throws<ArgumentException>(() => Eigenvalues.SpectralRadius(Tensor.Zeros([2, 3])));
        Assert.Throws<ArgumentException>(() => Eigenvalues.Of([1, double.NaN, 0, 1], 2));
    }

    private static Tensor Inverse(Tensor s)
    {
        // Gauss-Jordan on [S | I], enough for a well-conditioned test matrix.
        var n = s.Size(0);
        var a = s.ToDoubleArray();
        var inv = Tensor.Eye(n, DType.Float64).ToDoubleArray();
        for (var c = 0; c < n; c++)
        {
            var p = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(a[(r * n) + c]));
            for (var k = 0; k < n; k++)
            {
                (a[(c * n) + k], a[(p * n) + k]) = (a[(p * n) + k], a[(c * n) + k]);
                (inv[(c * n) + k], inv[(p * n) + k]) = (inv[(p * n) + k], inv[(c * n) + k]);
            }

            var d = a[(c * n) + c];
            for (var k = 0; k < n; k++)
            {
                a[(c * n) + k] /= d;
                inv[(c * n) + k] /= d;
            }

            for (var r = 0; r < n; r++)
            {
                if (r != c)
                {
                    var f = a[(r * n) + c];
                    for (var k = 0; k < n; k++)
                    {
                        a[(r * n) + k] -= f * a[(c * n) + k];
                        inv[(r * n) + k] -= f * inv[(c * n) + k];
                    }
                }
            }
        }

        return Tensor.FromArray(inv, n, n);
    }

    [Fact]
    public void TheReservoirIsSparseFixedAndHasTheChosenSpectralRadius()
    {
        foreach (var radius in new[] { 0.5, 0.9, 1.25 })
        {
            var esn = new EchoStateNetwork(2, 60, 1, spectralRadius: radius, density: 0.2, generator: new Generator(7));
            Assert.Equal(radius, Eigenvalues.SpectralRadius(esn.Weight), 1e-3);
            var nonZero = esn.Weight.ToArray().Count(v => v != 0) / 3600.0;
            Assert.InRange(nonZero, 0.15, 0.25);
        }

        var net = new EchoStateNetwork(2, 10, 3, inputScaling: 0.25, generator: new Generator(1));
        Assert.All(net.StateDict()["weight_in"].ToArray(), v => Assert.InRange(v, -0.25f, 0.25f));
        Assert.Equal(["weight_out", "bias_out"], net.NamedParameters().Select(p => p.Key));
        Assert.Equal(["weight_in", "bias_in", "weight"], net.NamedBuffers().Select(p => p.Key));
        Assert.Equal(new Shape(3, 12), net.WeightOut.Shape);
        Assert.Throws<ArgumentException>(() => new EchoStateNetwork(1, 2, 1, density: 1e-6));
    }

    [Fact]
    public void TheStatesFollowTheLeakyReservoirEquation()
    {
        var esn = new EchoStateNetwork(2, 5, 1, leakRate: 0.3, generator: new Generator(2)).Double();
        var p = esn.StateDict();
        var u = TestData.Randn(4, 3, 2);
        var states = esn.States(u);
        var x = Tensor.Zeros([3, 5], DType.Float64);
        for (var t = 0; t < 4; t++)
        {
            var candidate = (u.Narrow(0, t, 1).Squeeze(0).MatMul(p["weight_in"].T) + p["bias_in"] + x.MatMul(p["weight"].T)).Tanh();
            x = (x * 0.7) + (candidate * 0.3);
            TestData.AssertClose(x.ToDoubleArray(), states.Narrow(0, t, 1).Squeeze(0), 1e-12);
        }

        // The readout sees [x(t), u(t)].
        var y = esn.Forward(u);
        TestData.AssertClose((Tensor.Concat([states, u], 2).MatMul(p["weight_out"].T) + p["bias_out"]).ToDoubleArray(), y, 1e-12);
        var e = Assert.Throws<ArgumentException>(() => esn.Forward(Tensor.Zeros([4, 3, 3], DType.Float64)));
        Assert.Contains("[4, 3, 3]", e.Message);
    }

    [Fact]
    public void RidgeRegressionIsTheLeastSquaresReadoutAndGradientDescentApproachesIt()
    {
        var esn = new EchoStateNetwork(1, 30, 2, washout: 5, generator: new Generator(3)).Double();
        var u = TestData.Randn(60, 2, 1);
        var target = Tensor.Concat([u.Narrow(0, 0, 59), Tensor.Zeros([1, 2, 1], DType.Float64)], 0);
        target = Tensor.Concat([target, u.Square()], 2);
        var mse = esn.FitRidge(u, target, ridge: 1e-3);

        // At the minimum the gradient of the penalised loss with respect to the readout is zero.
        var loss = ((esn.Forward(u) - target).Narrow(0, 5, 55).Square().Sum()) + (esn.WeightOut.Square().Sum() * 1e-3);
        var grads = Gradients.Of([loss], [esn.WeightOut, esn.BiasOut]);
        Assert.All(grads, g => Assert.True(g.Abs().Max().ItemAsDouble() < 1e-8, "ridge readout is not a minimum"));
        Assert.True(mse > 0);

        var gd = new EchoStateNetwork(esn.Config, new Generator(3)).Double();
        var gdLoss = gd.FitGradientDescent(u, target, steps: 3000, learningRate: 5e-2);
        Assert.True(gdLoss < (2 * mse) + 0.01, $"gradient descent {gdLoss} against ridge {mse}");
        Assert.Throws<ArgumentException>(() => new EchoStateNetwork(1, 30, 2, washout: 60).Double().FitRidge(u, target));
        Assert.Throws<ArgumentException>(() => esn.FitRidge(u, target.Narrow(0, 0, 50)));
    }

    [Fact]
    public void PredictsTheMackeyGlassSeriesOneStepAhead()
    {
        var series = EchoStateDemo.MackeyGlass(3000);
        Assert.InRange(series.Min(), 0.2, 0.6);
        Assert.InRange(series.Max(), 1.1, 1.5);

        var result = EchoStateDemo.Run(seed: 1, reservoir: 100, train: 800, test: 300);
        Assert.Equal(0.9, result.SpectralRadius, 1e-3);
        Assert.True(result.TestError < 0.05, $"test NRMSE {result.TestError}");
        Assert.True(result.TestError < 0.2 * result.PersistenceError, $"test NRMSE {result.TestError} against persistence {result.PersistenceError}");
        Assert.True(result.GradientDescentError < result.PersistenceError, $"gradient-descent readout {result.GradientDescentError}");
        Assert.Equal(300, result.Prediction.Length);
    }
}
