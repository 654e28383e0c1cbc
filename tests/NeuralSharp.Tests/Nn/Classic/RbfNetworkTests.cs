using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;

namespace NeuralSharp.Tests.Nn.Classic;

/// <summary>Radial basis function networks: closed-form fits, end-to-end training, gradients, k-means.</summary>
public sealed class RbfNetworkTests
{
    private static readonly string[] KernelNames = ["gaussian", "multiquadric", "inverse_multiquadric"];

    public static TheoryData<string> Kernels => new(KernelNames);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void AsManyCentresAsPointsInterpolatesExactly(string kernel)
    {
        var g = new Generator(3);
        var x = Tensor.Rand([9, 2], -1, 1, g, DType.Float64);
        var y = Tensor.Randn([9, 2], generator: g, dtype: DType.Float64);
        foreach (var placement in new[] { RbfCentrePlacement.KMeans, RbfCentrePlacement.RandomSubset })
        {
            var net = RbfNetwork.Fit(x, y, centres: 9, new Generator(5), kernel, placement);

            // Every data point is a centre, so the k x k interpolation matrix is square and the readout hits every target.
            Assert.Equal(Sorted(x), Sorted(net.Centres));
            var error = (net.Forward(x) - y).Abs().Max().ItemAsDouble();
            Assert.True(error < 1e-7, $"{kernel}, {placement}: largest interpolation error {error}");
        }
    }

    [Fact]
    public void FitsASineThatASingleLinearNeuronCannot()
    {
        var g = new Generator(7);
        var x = Tensor.Linspace(-3, 3, 60, DType.Float64).Unsqueeze(1);
        var y = Tensor.FromArray(x.ToDoubleArray().Select(v => Math.Sin(v) + (0.05 * g.NextNormal())).ToArray(), 60, 1);

        var rbf = RbfNetwork.Fit(x, y, centres: 10, new Generator(1), ridge: 1e-6);
        var rbfMse = Mse(rbf.Forward(x), y);

        var line = LeastSquares.Solve(Tensor.Concat([x, Tensor.Ones([60, 1], DType.Float64)], 1), y);
        var lineMse = Mse(Tensor.Concat([x, Tensor.Ones([60, 1], DType.Float64)], 1).MatMul(line), y);

        Assert.True(rbfMse < 0.01, $"rbf mse {rbfMse}");
        Assert.True(lineMse > 0.1, $"linear mse {lineMse}");
    }

    [Fact]
    public void SolvesXorWhichNoLinearNeuronDoes()
    {
        var x = Tensor.FromArray([0.0, 0, 0, 1, 1, 0, 1, 1], 4, 2);
        var y = Tensor.FromArray([0.0, 1, 1, 0], 4, 1);

        // Two Gaussian units on (0, 0) and (1, 1) already make XOR linearly separable in their outputs.
        var two = new RbfNetwork(2, 2, 1).Double();
        using (NeuralSharp.Autograd.GradMode.NoGrad())
        {
            two.Centres.CopyFrom(Tensor.FromArray([0.0, 0, 1, 1], 2, 2));
        }

        two.SetWidthsFromSpread().FitReadout(x, y);
        Assert.Equal([0.0, 1, 1, 0], two.Forward(x).ToDoubleArray().Select(v => Math.Round(v)));

        var four = RbfNetwork.Fit(x, y, centres: 4, new Generator(2));
        Assert.True((four.Forward(x) - y).Abs().Max().ItemAsDouble() < 1e-9);

        // The best affine unit predicts 1/2 everywhere: mean squared error 1/4, every rounded output wrong or tied.
        var design = Tensor.Concat([x, Tensor.Ones([4, 1], DType.Float64)], 1);
        Assert.Equal(0.25, Mse(design.MatMul(LeastSquares.Solve(design, y)), y), 9);
    }

    [Fact]
    public void TrainingEndToEndImprovesTheClosedFormFit()
    {
        var x = Tensor.Linspace(-3, 3, 40).Unsqueeze(1);
        var y = Tensor.FromArray(x.ToArray().Select(MathF.Sin).ToArray(), 40, 1);
        var net = RbfNetwork.Fit(x, y, centres: 4, new Generator(4));
        var before = Mse(net.Forward(x), y);
        var centres = net.Centres.ToArray();

        var optimizer = new Adam(net.Parameters(), 0.02);
        var loss = new MseLoss();
        for (var step = 0; step < 300; step++)
        {
            optimizer.ZeroGrad();
            loss.Compute(net.Forward(x), y).Backward();
            optimizer.Step();
        }

        var after = Mse(net.Forward(x), y);
        Assert.True(after < before / 2, $"mse {before} before training, {after} after");
        Assert.NotEqual(centres, net.Centres.ToArray());
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void GradientsMatchFiniteDifferences(string kernel)
    {
        var net = new RbfNetwork(3, 4, 2, kernel, new Generator(9));
        NnTestHelpers.AssertModuleGradients(net, Tensor.Randn([5, 3], generator: new Generator(10)));
    }

    [Fact]
    public void KMeansFindsSeparatedClustersAndIsDeterministic()
    {
        var g = new Generator(12);
        double[][] truth = [[0, 0], [10, 0], [0, 10]];
        var points = Enumerable.Range(0, 90).SelectMany(i => truth[i % 3].Select(v => v + (0.3 * g.NextNormal()))).ToArray();
        var data = Tensor.FromArray(points, 90, 2);

        var result = KMeans.Fit(data, 3, new Generator(1));
        var found = Sorted(result.Centres, decimals: 0);
        Assert.Equal(Sorted(Tensor.FromArray(truth.SelectMany(t => t).ToArray(), 3, 2), decimals: 0), found);
        Assert.Equal(Enumerable.Range(0, 90).Select(i => result.Assignments[i % 3]), result.Assignments);
        Assert.True(result.Inertia < 90 * 4 * 0.09 * 2, $"inertia {result.Inertia}");
        Assert.Equal(result.Centres.ToArray(), KMeans.Fit(data, 3, new Generator(1)).Centres.ToArray());
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Contains("unknown kernel 'cubic'", Assert.Throws<ArgumentException>(() => new RbfNetwork(2, 3, 1, "cubic")).Message, StringComparison.Ordinal);
        Assert.Contains("[N, 2]", Assert.Throws<ArgumentException>(() => new RbfNetwork(2, 3, 1).Forward(Tensor.Zeros([4, 3]))).Message, StringComparison.Ordinal);
        Assert.Contains("k = 5", Assert.Throws<ArgumentException>(() => KMeans.Fit(Tensor.Zeros([4, 2]), 5, new Generator(0))).Message, StringComparison.Ordinal);
        Assert.Contains("singular", Assert.Throws<ArgumentException>(() => LeastSquares.SolveDense(Tensor.Zeros([2, 2], DType.Float64), Tensor.Ones([2, 1], DType.Float64))).Message, StringComparison.Ordinal);
    }

    private static double Mse(Tensor prediction, Tensor target) => (prediction - target).Square().Mean().ItemAsDouble();

    private static string[] Sorted(Tensor rows, int decimals = 6)
    {
        var (n, d) = (rows.Size(0), rows.Size(1));
        var values = rows.ToDoubleArray();
        return [.. Enumerable.Range(0, n)
            .Select(i => string.Join(",", values[(i * d)..((i + 1) * d)].Select(v => (Math.Round(v, decimals) + 0.0).ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture))))
            .Order(StringComparer.Ordinal)];
    }
}
