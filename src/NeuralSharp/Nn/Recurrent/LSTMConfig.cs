namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="LSTM"/> layer (PyTorch's <c>nn.LSTM</c> arguments, in its order).</summary>
/// <param name="InputSize">The number of input features per time step.</param>
/// <param name="HiddenSize">The number of hidden units of each layer and direction.</param>
/// <param name="NumLayers">How many recurrent layers are stacked (each one's output sequence is the next one's input).</param>
/// <param name="Bias">Whether the cells add the biases b_ih and b_hh.</param>
/// <param name="BatchFirst">Whether inputs and outputs are [N, T, features] instead of [T, N, features] (the states stay [layers * directions, N, hidden]).</param>
/// <param name="Dropout">The dropout probability applied, in training, to the outputs of every layer but the last.</param>
/// <param name="Bidirectional">Whether each layer also runs over the sequence backwards, its outputs concatenated to the forward ones.</param>
public sealed record LSTMConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int InputSize,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int HiddenSize,
    [Setting(Min = 1, Max = 1024)] int NumLayers = 1,
    bool Bias = true,
    bool BatchFirst = false,
    [Setting(Min = 0, Max = 1)] double Dropout = 0,
    bool Bidirectional = false);
