using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>The spread of the activations of one initialiser's network, layer by layer.</summary>
/// <param name="Name">The initialiser.</param>
/// <param name="Std">The standard deviation of the inputs (index 0) and of each hidden layer's ReLU outputs (1 to depth).</param>
public sealed record ActivationSpread(string Name, IReadOnlyList<double> Std);

/// <summary>
/// Initialisation and the signal's spread: the same deep ReLU network drawn with each initialiser and run
/// on one batch. A small Gaussian shrinks the activations by a constant factor per layer until nothing is
/// left; 1/sqrt(fan_in), Xavier and LeCun keep the variance of a linear (or tanh) layer but lose the half
/// ReLU zeroes, a factor 1/sqrt 2 in spread per layer; He's sqrt(2/fan_in) makes up for it and holds the
/// spread constant at any depth.
/// </summary>
public static class InitializationDemo
{
    /// <summary>The initialisers compared, in the course's order.</summary>
    public static IReadOnlyList<(string Name, Action<Tensor, Generator> Init)> Initializers { get; } =
    [
        ("small Gaussian N(0, 0.01^2)", (w, g) => Init.Normal(w, g, 0, 0.01)),
        ("N(0, 1) / sqrt(fan_in)", (w, g) => Init.ScaledNormal(w, g)),
        ("Xavier (Glorot) normal", (w, g) => Init.XavierNormal(w, g)),
        ("He (Kaiming) normal", (w, g) => Init.KaimingNormal(w, g, nonlinearity: Nonlinearity.Relu)),
        ("LeCun normal", (w, g) => Init.LeCunNormal(w, g)),
    ];

    /// <summary>Runs a batch of N(0, 1) inputs through <paramref name="depth"/> Linear+ReLU layers of <paramref name="width"/> units for every initialiser.</summary>
    public static IReadOnlyList<ActivationSpread> Run(int depth = 10, int width = 256, int batch = 256, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var x = Tensor.Randn([batch, width], generator: new Generator(seed));
        var sizes = Enumerable.Repeat(width, depth + 1).ToArray();
        return Initializers.Select(init =>
        {
            // Every initialiser draws from the same seed; the last Linear layer (no ReLU after it) is left out.
            var net = DemoNetworks.Mlp([.. sizes, width], () => new ReLU(), new Generator(seed + 1), init.Init);
            var outputs = DemoNetworks.LayerOutputs(net, x);
            var std = new List<double> { DemoNetworks.Std(x) };
            for (var layer = 0; layer < depth; layer++)
            {
                std.Add(DemoNetworks.Std(outputs[(2 * layer) + 1]));
            }

            return new ActivationSpread(init.Name, std);
        }).ToArray();
    }
}
