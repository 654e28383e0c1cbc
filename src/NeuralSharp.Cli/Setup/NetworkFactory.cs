using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Setup;

/// <summary>Builds the fully connected network described by <c>--layers</c> and <c>--activation</c>.</summary>
internal static class NetworkFactory
{
    public static readonly string[] Activations = ["relu", "sigmoid", "tanh", "leaky-relu", "elu", "softplus", "identity"];

    public static int[] ParseLayers(string layers)
    {
        var parts = layers.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
            {
                throw new ArgumentException($"--layers {layers}: '{parts[i]}' is not a positive layer size");
            }
        }

        if (sizes.Length < 2)
        {
            throw new ArgumentException($"--layers {layers}: give at least the input and output sizes, e.g. 784,30,10");
        }

        return sizes;
    }

    public static Module Activation(string name) => name.ToLowerInvariant() switch
    {
        "relu" => new ReLU(),
        "sigmoid" => new Sigmoid(),
        "tanh" => new Tanh(),
        "leaky-relu" or "leakyrelu" => new LeakyReLU(0.01),
        "elu" => new ELU(),
        "softplus" => new SoftPlus(),
        "identity" or "linear" => new Identity(),
        _ => throw new ArgumentException($"--activation {name}: unknown activation; use one of {string.Join(", ", Activations)}"),
    };

    /// <summary>
    /// Linear layers with the activation between them; the output layer ends with a sigmoid for the
    /// quadratic cost (the course's network) and with raw scores (logits) for cross-entropy, which
    /// applies the softmax itself.
    /// </summary>
    public static Sequential Build(int[] sizes, string activation, bool sigmoidOutput, double dropout, Generator generator)
    {
        var net = new Sequential { InputShape = [sizes[0]] };
        for (var i = 0; i < sizes.Length - 1; i++)
        {
            net.Add(new Linear(sizes[i], sizes[i + 1], generator: generator));
            var last = i == sizes.Length - 2;
            if (!last)
            {
                net.Add(Activation(activation));
                if (dropout > 0)
                {
                    net.Add(new Dropout(dropout, generator));
                }
            }
            else if (sigmoidOutput)
            {
                net.Add(new Sigmoid());
            }
        }

        return net;
    }
}
