using NeuralSharp.Neurons;

namespace NeuralSharp.Tests.Neurons;

public class PerceptronTests
{
    private static readonly Tensor Inputs = Tensor.FromArray([0.0, 0, 0, 1, 1, 0, 1, 1], 4, 2);

    public static TheoryData<string, double[]> SeparableGates => new()
    {
        { "and", [0, 0, 0, 1] },
        { "or", [0, 1, 1, 1] },
        { "nand", [1, 1, 1, 0] },
    };

    [Theory]
    [MemberData(nameof(SeparableGates))]
    public void ConvergesOnLinearlySeparableGates(string gate, double[] targets)
    {
        var p = new Perceptron(2);
        var result = p.Train(Inputs, Tensor.FromArray(targets), learningRate: 1.0, maxEpochs: 100);
        Assert.True(result.Converged, $"{gate}: {result}");
        Assert.Equal(0, result.ErrorsPerEpoch[^1]);
        Assert.Equal(result.Epochs, result.ErrorsPerEpoch.Count);
        Assert.Equal(targets, p.Predict(Inputs).ToDoubleArray());
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal((int)targets[i], p.Predict(Inputs.ToDoubleArray().AsSpan(2 * i, 2)));
        }
    }

    [Fact]
    public void ReportsNonConvergenceOnXorAtTheEpochLimit()
    {
        var p = new Perceptron(2);
        var result = p.Train(Inputs, Tensor.FromArray([0.0, 1, 1, 0]), maxEpochs: 50);
        Assert.False(result.Converged);
        Assert.Equal(50, result.Epochs);
        Assert.Equal(50, result.ErrorsPerEpoch.Count);
        // No line separates XOR, so every epoch misclassifies at least one example.
        Assert.All(result.ErrorsPerEpoch, e => Assert.True(e >= 1));
        Assert.Contains("did not converge", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FirstUpdateFollowsTheRule()
    {
        // From zero weights, (0,0) -> 0 is right (0 > 0 is false), (0,1) -> 1 is wrong: w += (1)(0,1), b += 1.
        var p = new Perceptron(2);
        p.Train(Tensor.FromArray([0.0, 0, 0, 1], 2, 2), Tensor.FromArray([0.0, 1]), learningRate: 0.5, maxEpochs: 1);
        Assert.Equal([0.0, 0.5], p.Weights);
        Assert.Equal(0.5, p.Bias);
    }

    [Fact]
    public void SeparatesRealValuedSeparableData()
    {
        var g = new Generator(3);
        var x = Tensor.Randn([60, 2], generator: g, dtype: DType.Float64);
        // Labels from a line with a gap around it so that the margin is positive.
        var score = x.MatMul(Tensor.FromArray([1.0, -2.0])) + 0.3;
        var keep = Enumerable.Range(0, 60).Where(i => Math.Abs(score[i]) > 0.2).ToArray();
        var xs = x.IndexSelect(0, keep);
        var ys = score.IndexSelect(0, keep).Gt(0.0);
        var result = new Perceptron(2).Train(xs, ys, maxEpochs: 1000);
        Assert.True(result.Converged, result.ToString());
    }

    [Fact]
    public void BadTargetsAndShapesAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => new Perceptron(2).Train(Inputs, Tensor.FromArray([0.0, 1, 2, 0])));
        Assert.Contains("target 2 is 2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Perceptron(3).Train(Inputs, Tensor.FromArray([0.0, 1, 1, 0])));
    }
}
