namespace NeuralSharp.Nn;

/// <summary>The settings of a <see cref="GRUCell"/> (PyTorch's <c>nn.GRUCell</c> arguments).</summary>
/// <param name="InputSize">The number of input features per example.</param>
/// <param name="HiddenSize">The number of hidden units (the state's width).</param>
/// <param name="Bias">Whether the cell adds the biases b_ih and b_hh.</param>
public sealed record GRUCellConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InputSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int HiddenSize,
    bool Bias = true);
