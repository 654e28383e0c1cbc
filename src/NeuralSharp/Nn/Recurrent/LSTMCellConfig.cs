namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="LSTMCell"/> (PyTorch's <c>nn.LSTMCell</c> arguments).</summary>
/// <param name="InputSize">The number of input features per example.</param>
/// <param name="HiddenSize">The number of hidden units (the width of h and c).</param>
/// <param name="Bias">Whether the cell adds the biases b_ih and b_hh.</param>
public sealed record LSTMCellConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InputSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int HiddenSize,
    bool Bias = true);
