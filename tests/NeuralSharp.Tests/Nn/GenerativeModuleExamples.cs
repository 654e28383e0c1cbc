using NeuralSharp.Generative;
using NeuralSharp.Nn;
using static NeuralSharp.Tests.Nn.ModuleExample;

namespace NeuralSharp.Tests.Nn;

/// <summary>The generative area's modules (issue 14), for <see cref="EveryModuleTests"/>.</summary>
public sealed class GenerativeModuleExamples : IModuleExamples
{
    public IEnumerable<KeyValuePair<Type, Func<(ModuleBase Module, Func<ModuleBase, Tensor> Run)>>> Examples =>
    [
        new(typeof(Autoencoder), () => Single(AutoencoderNetworks.Dense(6, [5], 2, G()), 3, 6)),
        new(typeof(VariationalAutoencoder), () => (AutoencoderNetworks.VariationalDense(6, [5], 2, G()),
            m => ((VariationalAutoencoder)m).Forward(Input(3, 6)) is var o ? Tensor.Concat([o.ReconstructionLogits.Flatten(), o.Mean.Flatten(), o.LogVariance.Flatten()]) : null!)),
    ];
}
