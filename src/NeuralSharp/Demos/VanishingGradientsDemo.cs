using NeuralSharp.Losses;
using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>
/// One weight layer of <see cref="VanishingGradientsDemo"/>, counted from the output (1 is the output layer).
/// </summary>
/// <param name="Layer">The layer's position from the output: 1 is the output layer, the last is the input layer.</param>
/// <param name="SigmoidNorm">The norm of the loss's gradient with respect to this layer's weights in the sigmoid network.</param>
/// <param name="SigmoidDerivative">The mean of sigma'(z) over the batch at the sigmoid that follows this layer (at most 1/4; 0 for the output layer, which has none).</param>
/// <param name="ReluNorm">The same gradient norm in the ReLU network with He initialisation.</param>
public sealed record LayerGradient(int Layer, double SigmoidNorm, double SigmoidDerivative, double ReluNorm);

/// <summary>
/// The vanishing gradient: back-propagation multiplies the gradient by sigma'(z) &lt;= 1/4 at every sigmoid
/// layer, so in a deep sigmoid network (Xavier initialisation, which keeps the weights' gain near 1) the
/// gradient of the early layers is many times smaller than that of the late ones. ReLU's derivative is 0 or
/// 1 and He initialisation makes up for the half it zeroes, so the gradient keeps its size down to the input.
/// </summary>
public static class VanishingGradientsDemo
{
    /// <summary>
    /// Builds both networks (<paramref name="depth"/> hidden layers of <paramref name="width"/> units, one
    /// output), runs one batch of random inputs against random targets through the squared error, and
    /// returns each layer's weight-gradient norm from the output down to the input.
    /// </summary>
    public static IReadOnlyList<LayerGradient> Run(int depth = 10, int width = 64, int batch = 128, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var g = new Generator(seed);
        var x = Tensor.Randn([batch, width], generator: g);
        var y = Tensor.Randn([batch, 1], generator: g);
        int[] sizes = [.. Enumerable.Repeat(width, depth + 1), 1];

        var sigmoid = DemoNetworks.Mlp(sizes, () => new Sigmoid(), new Generator(seed + 1), (w, gen) => Init.XavierNormal(w, gen));
        var relu = DemoNetworks.Mlp(sizes, () => new ReLU(), new Generator(seed + 1), (w, gen) => Init.KaimingNormal(w, gen, nonlinearity: Nonlinearity.Relu));
        var sigmoidNorms = GradientNorms(sigmoid, x, y);
        var reluNorms = GradientNorms(relu, x, y);

        // The mean derivative of each sigmoid, from its output: sigma' = s (1 - s).
        var outputs = DemoNetworks.LayerOutputs(sigmoid, x);
        var derivatives = new double[depth + 1];
        for (var layer = 0; layer < depth; layer++)
        {
            var s = outputs[(2 * layer) + 1];
            derivatives[layer] = (s * (1.0 - s)).Mean().ItemAsDouble();
        }

        return Enumerable.Range(0, depth + 1)
            .Select(i => depth - i)
            .Select((layer, i) => new LayerGradient(i + 1, sigmoidNorms[layer], layer == depth ? 0 : derivatives[layer], reluNorms[layer]))
            .ToArray();
    }

    /// <summary>The norm of each Linear layer's weight gradient after one backward pass, from the input layer to the output layer.</summary>
    public static double[] GradientNorms(Sequential net, Tensor x, Tensor y)
    {
        net.ZeroGrad();
        Loss.MeanSquaredError(net.Forward(x), y).Backward();
        return DemoNetworks.Linears(net).Select(l => DemoNetworks.Norm(l.Weight.Grad!)).ToArray();
    }
}
