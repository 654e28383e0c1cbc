using NeuralSharp.Autograd;

namespace NeuralSharp.Neurons;

/// <summary>
/// A sigmoid neuron a = sigma(w.x + b): unlike the perceptron's step, small changes in w and b give
/// small changes in the output, which is what makes learning by gradients possible.
/// </summary>
public sealed class SigmoidNeuron
{
    /// <summary>A neuron with the given weights [inputs] and scalar bias; both become parameters (gradients flow to them).</summary>
    public SigmoidNeuron(Tensor weights, Tensor bias)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (weights.Rank != 1 || bias.Count != 1)
        {
            throw new ArgumentException($"sigmoid neuron: expects weights [inputs] and a one-element bias, got {weights.Shape} and {bias.Shape}");
        }

        Weights = weights.Detach().Clone().RequireGrad();
        Bias = bias.Detach().Clone().Reshape().To(weights.DType).RequireGrad();
    }

    /// <summary>The weights w, shape [inputs].</summary>
    public Tensor Weights { get; }

    /// <summary>The bias b, a scalar.</summary>
    public Tensor Bias { get; }

    /// <summary>sigma(x.w + b): x [inputs] gives a scalar, x [n, inputs] gives [n].</summary>
    public Tensor Forward(Tensor x) => Output(x, Weights, Bias);

    /// <summary>
    /// The first-order change of the output when w moves by <paramref name="deltaWeights"/> and b by
    /// <paramref name="deltaBias"/>: sum_j d(out)/dw_j dw_j + d(out)/db db, computed in one forward-mode pass.
    /// </summary>
    public Tensor OutputChange(Tensor x, Tensor deltaWeights, double deltaBias)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (_, change) = ForwardAD.Jvp(
            p => Output(x, p[0], p[1]),
            [Weights.Detach(), Bias.Detach()],
            [deltaWeights, Tensor.Scalar(deltaBias, Bias.DType)]);
        return change;
    }

    /// <inheritdoc/>
    public override string ToString() => $"SigmoidNeuron(inputs={Weights.Size(0)})";

    private static Tensor Output(Tensor x, Tensor w, Tensor b) => (x.To(w.DType).MatMul(w) + b).Sigmoid();
}
