using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Demos;

/// <summary>The small fully connected networks the course's demonstrations build, and what they measure on them.</summary>
internal static class DemoNetworks
{
    /// <summary>
    /// Linear layers of the given sizes with <paramref name="activation"/> after every layer but the last;
    /// each weight is drawn by <paramref name="initWeight"/> (when given) and each bias is zero.
    /// </summary>
    public static Sequential Mlp(int[] sizes, Func<Module> activation, Generator generator, Action<Tensor, Generator>? initWeight = null)
    {
        var net = new Sequential();
        for (var i = 0; i < sizes.Length - 1; i++)
        {
            var linear = new Linear(sizes[i], sizes[i + 1], generator: generator);
            if (initWeight is not null)
            {
                initWeight(linear.Weight, generator);
                Init.Zeros(linear.Bias!);
            }

            net.Add(linear);
            if (i < sizes.Length - 2)
            {
                net.Add(activation());
            }
        }

        return net;
    }

    /// <summary>The Linear layers of a network, from the input to the output.</summary>
    public static Linear[] Linears(Sequential net) => net.OfType<Linear>().ToArray();

    /// <summary>The output of every layer of <paramref name="net"/> on <paramref name="input"/>, running the layers one at a time (no gradients).</summary>
    public static Tensor[] LayerOutputs(Sequential net, Tensor input)
    {
        using var _ = GradMode.NoGrad();
        var outputs = new Tensor[net.Count];
        var x = input;
        for (var i = 0; i < net.Count; i++)
        {
            x = net[i].Forward(x);
            outputs[i] = x;
        }

        return outputs;
    }

    /// <summary>The Euclidean norm of a tensor's elements.</summary>
    public static double Norm(Tensor t) => Math.Sqrt(t.ToDoubleArray().Sum(v => v * v));

    /// <summary>The (population) standard deviation of a tensor's elements.</summary>
    public static double Std(Tensor t)
    {
        var v = t.ToDoubleArray();
        var mean = v.Average();
        return Math.Sqrt(v.Sum(e => (e - mean) * (e - mean)) / v.Length);
    }
}
