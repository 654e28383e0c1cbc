using NeuralSharp.Neurons;

namespace NeuralSharp.Tests.Neurons;

public class SigmoidNeuronTests
{
    private static readonly SigmoidNeuron Neuron = new(Tensor.FromArray([0.5, -1.0, 2.0]), Tensor.Scalar(0.1, DType.Float64));
    private static readonly Tensor X = Tensor.FromArray([1.0, 0.5, 0.25]);

    [Fact]
    public void OutputIsTheSigmoidOfTheWeightedSum()
    {
        var z = 0.5 - 0.5 + 0.5 + 0.1;
        Assert.Equal(1 / (1 + Math.Exp(-z)), Neuron.Forward(X).ItemAsDouble(), 12);
        Assert.Equal([2], Neuron.Forward(Tensor.Stack([X, X])).Shape.ToArray());
    }

    [Fact]
    public void SmallChangesInWeightsAndBiasGiveSmallChangesInOutput()
    {
        var dw = Tensor.FromArray([1e-3, -2e-3, 5e-4]);
        var db = 1e-3;
        var predicted = Neuron.OutputChange(X, dw, db).ItemAsDouble();

        var moved = new SigmoidNeuron(Neuron.Weights.Detach() + dw, Neuron.Bias.Detach() + db);
        var actual = moved.Forward(X).ItemAsDouble() - Neuron.Forward(X).ItemAsDouble();
        // The linear estimate is off by second-order terms only: |delta|^2 ~ 1e-6 times sigma'' <= 0.1.
        Assert.True(Math.Abs(actual - predicted) < 1e-6, $"actual {actual}, linear estimate {predicted}");

        // It is sum_j d(out)/dw_j dw_j + d(out)/db db with the gradients from reverse mode.
        var w = Neuron.Weights.Detach().Clone().RequireGrad();
        var b = Neuron.Bias.Detach().Clone().RequireGrad();
        (X.MatMul(w) + b).Sigmoid().Backward();
        var fromGradients = (w.Grad! * dw).Sum().ItemAsDouble() + (b.Grad!.ItemAsDouble() * db);
        Assert.Equal(fromGradients, predicted, 12);
    }
}
