namespace NeuralSharp.Nn;

/// <summary>Which fan a Kaiming initialisation scales by.</summary>
public enum FanMode
{
    /// <summary>The number of inputs per unit: keeps the variance of activations in the forward pass.</summary>
    FanIn,

    /// <summary>The number of outputs per input: keeps the variance of gradients in the backward pass.</summary>
    FanOut,
}
