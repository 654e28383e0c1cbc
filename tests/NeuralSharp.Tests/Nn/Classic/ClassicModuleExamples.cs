using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn.Classic;

/// <summary>The classic feed-forward families' modules, for <see cref="EveryModuleTests"/>.</summary>
public sealed class ClassicModuleExamples : IModuleExamples
{
    /// <inheritdoc/>
    public IEnumerable<KeyValuePair<Type, Func<(ModuleBase Module, Func<ModuleBase, Tensor> Run)>>> Examples =>
    [
        new(typeof(RbfNetwork), () => ModuleExample.Single(new RbfNetwork(6, 5, 3, "inverse_multiquadric", ModuleExample.G()), 4, 6)),
    ];
}
