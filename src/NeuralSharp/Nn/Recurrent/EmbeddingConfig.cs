namespace NeuralSharp.Nn;

/// <summary>The settings of an <see cref="Embedding"/> (PyTorch's <c>nn.Embedding</c> arguments).</summary>
/// <param name="NumEmbeddings">The number of tokens (rows of the table).</param>
/// <param name="EmbeddingDim">The width of each token's vector.</param>
/// <param name="PaddingIdx">The token whose row stays fixed (zero at creation, no gradient), or -1 for none; a
/// negative index given to the layer's constructor counts from the end, as in PyTorch, and is stored here made non-negative.</param>
public sealed record EmbeddingConfig(
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int NumEmbeddings,
    [Setting(Min = 1, Max = int.MaxValue, Positional = true)] int EmbeddingDim,
    [Setting(Min = -1, Max = int.MaxValue)] int PaddingIdx = -1);
