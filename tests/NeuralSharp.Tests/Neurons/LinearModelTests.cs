using NeuralSharp.Losses;
using NeuralSharp.Neurons;

namespace NeuralSharp.Tests.Neurons;

/// <summary>The generalised linear models and single-neuron classifiers recover known answers.</summary>
public class LinearModelTests
{
    private static Tensor Features(int n, int d, int seed, double std = 1) => Tensor.Randn([n, d], 0, std, new Generator(seed), DType.Float64);

    private static double Accuracy(Tensor predicted, Tensor labels) => predicted.Eq(labels).Mean().ItemAsDouble();

    [Fact]
    public void LinearRegressionRecoversItsWeights()
    {
        var x = Features(200, 3, 1);
        var w = Tensor.FromArray([2.0, -1.0, 0.5]);
        var y = x.MatMul(w) + 0.3;
        var model = GeneralizedLinearModel.LinearRegression(3, DType.Float64);
        var history = model.Fit(x, y, learningRate: 0.5, epochs: 300);
        TestData.AssertClose([2.0, -1.0, 0.5], model.Weights, 1e-3);
        Assert.Equal(0.3, model.Bias.ItemAsDouble(), 3);
        Assert.True(history[^1] < history[0] * 1e-6);
        TestData.AssertClose(y.ToDoubleArray(), model.Forward(x), 1e-3);
    }

    [Fact]
    public void LogisticRegressionSeparatesSeparableData()
    {
        var all = Features(100, 2, 2);
        var scores = all.MatMul(Tensor.FromArray([1.0, 1.0])) - 0.2;
        // A gap of 0.3 on either side of the line, so that a finite number of steps separates the classes.
        var keep = Enumerable.Range(0, 100).Where(i => Math.Abs(scores[i]) > 0.3).ToArray();
        var x = all.IndexSelect(0, keep);
        var labels = scores.IndexSelect(0, keep).Gt(0.0);
        var classifier = new LogisticRegression(2, DType.Float64);
        var history = classifier.Fit(x, labels, learningRate: 1.0, epochs: 500);
        Assert.Equal(1.0, Accuracy(classifier.Predict(x), labels));
        Assert.True(history[^1] < 0.1, $"final loss {history[^1]}");
        var p = classifier.PredictProbability(x).ToDoubleArray();
        Assert.All(p, v => Assert.InRange(v, 0, 1));
        // The learned direction is the true normal (1, 1), up to scale.
        var wl = classifier.Model.Weights.ToDoubleArray();
        Assert.Equal(1.0, wl[0] / wl[1], 1);
    }

    [Fact]
    public void PoissonRegressionRecoversLogRateWeights()
    {
        var g = new Generator(4);
        var x = Features(3000, 2, 3, std: 0.5);
        var rate = (x.MatMul(Tensor.FromArray([0.5, -0.3])) + 0.2).Exp().ToDoubleArray();
        var counts = Tensor.FromArray(rate.Select(r => (double)SamplePoisson(r, g)).ToArray());
        var model = GeneralizedLinearModel.PoissonRegression(2, DType.Float64);
        model.Fit(x, counts, learningRate: 0.5, epochs: 400);
        // The maximum-likelihood estimate from 3000 counts is within about 0.03 of the truth.
        TestData.AssertClose([0.5, -0.3], model.Weights, 0.08);
        Assert.Equal(0.2, model.Bias.ItemAsDouble(), 0.08);
        Assert.All(model.Forward(x).ToDoubleArray(), r => Assert.True(r > 0));
    }

    [Fact]
    public void BinarySvmSeparatesSeparableDataWithAMargin()
    {
        var x = Features(100, 2, 5);
        var scores = x.MatMul(Tensor.FromArray([2.0, -1.0])) + 0.5;
        var keep = Enumerable.Range(0, 100).Where(i => Math.Abs(scores[i]) > 0.5).ToArray();
        var xs = x.IndexSelect(0, keep);
        var labels = (2.0 * scores.IndexSelect(0, keep).Gt(0.0)) - 1.0;
        var svm = new BinarySvm(2, DType.Float64);
        svm.Fit(xs, labels, learningRate: 0.1, epochs: 1000);
        Assert.Equal(1.0, Accuracy(svm.Predict(xs), labels));
        Assert.All((labels * svm.DecisionFunction(xs)).ToDoubleArray(), m => Assert.True(m > 0));
    }

    [Fact]
    public void ASingleNeuronCannotLearnXor()
    {
        var x = Tensor.FromArray([0.0, 0, 0, 1, 1, 0, 1, 1], 4, 2);
        var labels = Tensor.FromArray([0.0, 1, 1, 0]);
        var best = 0.0;
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var classifier = new LogisticRegression(2, DType.Float64);
            using (NeuralSharp.Autograd.GradMode.NoGrad())
            {
                // Start off the symmetric point, where the gradient on XOR is exactly zero.
                classifier.Model.Weights.CopyFrom(Tensor.Randn([2], generator: new Generator(seed), dtype: DType.Float64));
            }

            for (var epoch = 0; epoch < 300; epoch++)
            {
                classifier.Fit(x, labels, learningRate: 1.0, epochs: 1);
                best = Math.Max(best, Accuracy(classifier.Predict(x), labels));
            }
        }

        Assert.True(best <= 0.75, $"best accuracy {best}");

        // And 3/4 is the best any line does: search a grid of weights and biases.
        var bestLine = 0.0;
        for (var w1 = -2.0; w1 <= 2; w1 += 0.25)
        {
            for (var w2 = -2.0; w2 <= 2; w2 += 0.25)
            {
                for (var b = -2.125; b <= 2; b += 0.25)
                {
                    var unit = new ThresholdLogicUnit([w1, w2], b);
                    bestLine = Math.Max(bestLine, Accuracy(unit.Forward(x), labels));
                }
            }
        }

        Assert.Equal(0.75, bestLine);
    }

    [Fact]
    public void GlmFamiliesAndPrinting()
    {
        Assert.IsType<QuadraticLoss>(GlmFamily.Gaussian.Loss);
        Assert.IsType<BinaryCrossEntropyWithLogitsLoss>(GlmFamily.Bernoulli.Loss);
        Assert.IsType<PoissonNllLoss>(GlmFamily.Poisson.Loss);
        Assert.Contains("Poisson regression", GeneralizedLinearModel.PoissonRegression(2).ToString(), StringComparison.Ordinal);
        var e = Assert.Throws<ArgumentException>(() => GeneralizedLinearModel.LinearRegression(3).Forward(Tensor.Zeros([2, 4])));
        Assert.Contains("expects 3 features", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Knuth's method: multiply uniforms until the product drops below e^-rate (fine for small rates).</summary>
    private static int SamplePoisson(double rate, Generator g)
    {
        var limit = Math.Exp(-rate);
        var k = 0;
        var p = g.NextDouble();
        while (p > limit)
        {
            k++;
            p *= g.NextDouble();
        }

        return k;
    }
}
