namespace NeuralSharp.Diagnostics;

/// <summary>One fully connected sigmoid layer of a <see cref="BackpropTrace"/> network, in the course's notation.</summary>
/// <param name="Weights">w[j, k]: from neuron k of the previous layer to neuron j of this one (rows are this layer's neurons).</param>
/// <param name="Bias">The layer's bias, shared by its neurons as in the course's worked example (b1, b2, ...).</param>
public sealed record BackpropLayer(double[,] Weights, double Bias);
