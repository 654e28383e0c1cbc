using NeuralSharp.Nn;
using static NeuralSharp.Tests.Nn.ModuleExample;

namespace NeuralSharp.Tests.Nn;

/// <summary>The recurrent area's modules added with issue 12's remaining parts, for <see cref="EveryModuleTests"/>.</summary>
public sealed class RecurrentModuleExamples : IModuleExamples
{
    public IEnumerable<KeyValuePair<Type, Func<(ModuleBase Module, Func<ModuleBase, Tensor> Run)>>> Examples =>
    [
        new(typeof(EchoStateNetwork), () => Fitted()),
        new(typeof(LeakyRNN), () => (new LeakyRNN(6, 4, 3, alpha: 0.7, generator: G()), m => ((LeakyRNN)m).Forward((Input(5, 3, 6), Input(3, 4))) is var (y, h) ? Concat((y, h)) : null!)),
        new(typeof(SkipRNN), () => (new SkipRNN(6, 4, 3, delay: 3, batchFirst: true, generator: G()), m => ((SkipRNN)m).Forward((Input(3, 5, 6), null)) is var (y, h) ? Concat((y, h)) : null!)),
        new(typeof(LastStep), () => Single(new LastStep(new GRU(6, 4, batchFirst: true, generator: G())), 3, 5, 6)),
    ];

    private static (ModuleBase, Func<ModuleBase, Tensor>) Fitted()
    {
        var esn = new EchoStateNetwork(2, 8, 3, spectralRadius: 0.8, density: 0.5, inputScaling: 0.5, leakRate: 0.6, washout: 2, generator: G());
        esn.FitRidge(Input(9, 3, 2), Input(9, 3, 3), ridge: 1e-2);
        return Single(esn, 7, 3, 2);
    }
}
