namespace NeuralSharp;

/// <summary>The element type of a tensor.</summary>
/// <remarks>
/// Float32 is the working type of every layer and kernel. Float64 exists so that gradient checks by
/// finite differences are not drowned in rounding error, as PyTorch's <c>gradcheck</c> does.
/// </remarks>
public enum DType
{
    /// <summary>32-bit IEEE 754 floating point (C# <see cref="float"/>).</summary>
    Float32,

    /// <summary>64-bit IEEE 754 floating point (C# <see cref="double"/>).</summary>
    Float64,
}
