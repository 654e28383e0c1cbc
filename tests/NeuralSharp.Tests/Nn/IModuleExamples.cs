using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

/// <summary>
/// A set of examples for <see cref="EveryModuleTests"/>: an area of the library (recurrent layers, generative
/// models, the classic families) lists its module types in its own file instead of editing one shared list.
/// Every implementation is found by reflection and needs a parameterless constructor.
/// </summary>
public interface IModuleExamples
{
    /// <summary>Each module type with a factory for an example and a function that runs it on a fixed input.</summary>
    IEnumerable<KeyValuePair<Type, Func<(ModuleBase Module, Func<ModuleBase, Tensor> Run)>>> Examples { get; }
}

/// <summary>Helpers for writing <see cref="IModuleExamples"/>: a fixed generator and fixed inputs.</summary>
public static class ModuleExample
{
    /// <summary>The generator every example initialises from.</summary>
    public static Generator G() => new(11);

    /// <summary>A fixed random input of the given shape.</summary>
    public static Tensor Input(params int[] shape) => Tensor.Randn(shape, generator: new Generator(shape.Sum()));

    /// <summary>An example for a one-tensor module run on <see cref="Input"/> of <paramref name="inputShape"/>.</summary>
    public static (ModuleBase, Func<ModuleBase, Tensor>) Single(Module module, params int[] inputShape) =>
        (module, m => ((Module)m).Forward(Input(inputShape)));

    /// <summary>Two outputs flattened into one tensor, so that both are compared.</summary>
    public static Tensor Concat((Tensor A, Tensor B) pair) => Tensor.Concat([pair.A.Flatten(), pair.B.Flatten()]);
}
