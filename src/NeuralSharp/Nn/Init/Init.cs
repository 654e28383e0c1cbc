using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>
/// Weight initialisation schemes (PyTorch's <c>torch.nn.init</c>). Each overwrites a tensor in place (a
/// parameter is allowed: the write happens outside the autograd graph) and returns it. Random schemes take
/// an explicit <see cref="Generator"/>, so a seed fixes the network.
/// </summary>
/// <remarks>
/// The fan-in of a weight of shape [out, in, k...] is in x k..., its fan-out out x k... . The schemes keep
/// the variance of activations (fan-in) or of gradients (fan-out) roughly constant from layer to layer:
/// with N(0, 1) weights a unit with n inputs gets a pre-activation of variance n, which saturates
/// sigmoids; scaling by 1/sqrt(n) keeps it near 1.
/// </remarks>
public static class Init
{
    /// <summary>Fills with zeros (the usual bias initialisation).</summary>
    public static Tensor Zeros(Tensor tensor) => Constant(tensor, 0);

    /// <summary>Fills with <paramref name="value"/>.</summary>
    public static Tensor Constant(Tensor tensor, double value)
    {
        using (GradMode.NoGrad())
        {
            return tensor.Fill(value);
        }
    }

    /// <summary>Samples N(mean, std^2), the course's "small zero-mean Gaussian" with a small std such as 0.01.</summary>
    public static Tensor Normal(Tensor tensor, Generator generator, double mean = 0, double std = 1) =>
        Write(tensor, Tensor.Randn(tensor.Shape, mean, std, generator, tensor.DType));

    /// <summary>Samples U(a, b).</summary>
    public static Tensor Uniform(Tensor tensor, Generator generator, double a = 0, double b = 1) =>
        Write(tensor, Tensor.Rand(tensor.Shape, a, b, generator, tensor.DType));

    /// <summary>The course's Gaussian scaled by the fan-in: N(0, 1) / sqrt(fan_in), i.e. std 1/sqrt(fan_in).</summary>
    public static Tensor ScaledNormal(Tensor tensor, Generator generator) =>
        Normal(tensor, generator, 0, 1 / Math.Sqrt(CalculateFans(tensor.Shape).FanIn));

    /// <summary>Glorot/Xavier normal: std = gain sqrt(2 / (fan_in + fan_out)); suits tanh and sigmoid layers.</summary>
    public static Tensor XavierNormal(Tensor tensor, Generator generator, double gain = 1)
    {
        var (fanIn, fanOut) = CalculateFans(tensor.Shape);
        return Normal(tensor, generator, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>Glorot/Xavier uniform: U(-a, a) with a = gain sqrt(6 / (fan_in + fan_out)), the same variance as <see cref="XavierNormal"/>.</summary>
    public static Tensor XavierUniform(Tensor tensor, Generator generator, double gain = 1)
    {
        var (fanIn, fanOut) = CalculateFans(tensor.Shape);
        var a = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
        return Uniform(tensor, generator, -a, a);
    }

    /// <summary>
    /// He/Kaiming normal: std = gain / sqrt(fan), with gain from <paramref name="nonlinearity"/> (sqrt 2 for
    /// ReLU, which zeroes half its inputs) and <paramref name="a"/> the leaky ReLU slope.
    /// </summary>
    public static Tensor KaimingNormal(Tensor tensor, Generator generator, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu) =>
        Normal(tensor, generator, 0, CalculateGain(nonlinearity, a) / Math.Sqrt(Fan(tensor.Shape, mode)));

    /// <summary>He/Kaiming uniform: U(-b, b) with b = gain sqrt(3 / fan). <see cref="Linear"/>'s default is this with a = sqrt(5), i.e. b = 1/sqrt(fan_in).</summary>
    public static Tensor KaimingUniform(Tensor tensor, Generator generator, double a = 0, FanMode mode = FanMode.FanIn, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu)
    {
        var bound = CalculateGain(nonlinearity, a) * Math.Sqrt(3.0 / Fan(tensor.Shape, mode));
        return Uniform(tensor, generator, -bound, bound);
    }

    /// <summary>
    /// LeCun normal (Keras's <c>lecun_normal</c>, for SELU networks): a normal truncated at two standard
    /// deviations, rescaled so that the result has std sqrt(1 / fan_in).
    /// </summary>
    public static Tensor LeCunNormal(Tensor tensor, Generator generator)
    {
        // 0.8796... is the std of a standard normal truncated to [-2, 2]; dividing by it restores the target std.
        var std = Math.Sqrt(1.0 / CalculateFans(tensor.Shape).FanIn) / 0.87962566103423978;
        var values = new double[tensor.Count];
        for (var i = 0; i < values.Length; i++)
        {
            double z;
            do
            {
                z = generator.NextNormal();
            }
            while (Math.Abs(z) > 2);
            values[i] = z * std;
        }

        return Write(tensor, Tensor.FromArray(values, tensor.Shape.ToArray()));
    }

    /// <summary>The recommended gain for a non-linearity (PyTorch's <c>calculate_gain</c>); <paramref name="param"/> is the leaky ReLU slope.</summary>
    public static double CalculateGain(Nonlinearity nonlinearity, double param = 0.01) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1,
        Nonlinearity.Tanh => 5.0 / 3,
        Nonlinearity.Relu => Math.Sqrt(2),
        Nonlinearity.LeakyRelu => Math.Sqrt(2 / (1 + (param * param))),
        Nonlinearity.Selu => 0.75,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, null),
    };

    /// <summary>(fan_in, fan_out) of a weight of shape [out, in, k...]; a tensor needs at least two dimensions.</summary>
    public static (int FanIn, int FanOut) CalculateFans(Shape shape)
    {
        if (shape.Rank < 2)
        {
            throw new ArgumentException($"init: fan in and fan out need at least 2 dimensions, not shape {shape}");
        }

        var receptive = 1;
        for (var d = 2; d < shape.Rank; d++)
        {
            receptive *= shape[d];
        }

        return (shape[1] * receptive, shape[0] * receptive);
    }

    private static int Fan(Shape shape, FanMode mode)
    {
        var (fanIn, fanOut) = CalculateFans(shape);
        return mode == FanMode.FanIn ? fanIn : fanOut;
    }

    private static Tensor Write(Tensor tensor, Tensor values)
    {
        using (GradMode.NoGrad())
        {
            return tensor.CopyFrom(values);
        }
    }
}
