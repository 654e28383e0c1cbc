namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="RNNCell"/> (PyTorch's <c>nn.RNNCell</c> arguments).</summary>
/// <param name="InputSize">The number of input features per example.</param>
/// <param name="HiddenSize">The number of hidden units (the state's width).</param>
/// <param name="Bias">Whether the cell adds the biases b_ih and b_hh.</param>
/// <param name="Nonlinearity">"tanh" or "relu".</param>
public sealed record RNNCellConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InputSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int HiddenSize,
    bool Bias = true,
    string Nonlinearity = "tanh");
