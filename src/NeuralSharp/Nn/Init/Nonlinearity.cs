namespace NeuralSharp.Nn;

/// <summary>The non-linearity that follows a layer, which sets the initialisation gain (see <see cref="Init.CalculateGain"/>).</summary>
public enum Nonlinearity
{
    /// <summary>No non-linearity (gain 1).</summary>
    Linear,

    /// <summary>Sigmoid (gain 1).</summary>
    Sigmoid,

    /// <summary>Tanh (gain 5/3).</summary>
    Tanh,

    /// <summary>ReLU (gain sqrt 2).</summary>
    Relu,

    /// <summary>Leaky ReLU with slope a (gain sqrt(2 / (1 + a^2))).</summary>
    LeakyRelu,

    /// <summary>SELU (gain 3/4).</summary>
    Selu,
}
