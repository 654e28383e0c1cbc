using NeuralSharp.Autograd;
using NeuralSharp.Nn;

namespace NeuralSharp.Tests.Nn;

internal static class NnTestHelpers
{
    /// <summary>
    /// Gradient check of a whole module in float64, with respect to its input and every parameter: the
    /// parameters are fed through FunctionalCall so that GradCheck can perturb them.
    /// </summary>
    public static void AssertModuleGradients(Module module, Tensor input)
    {
        module.Double();
        var names = module.NamedParameters().Select(p => p.Key).ToArray();
        Tensor[] inputs = [input.Double(), .. module.NamedParameters().Select(p => p.Value.Detach())];
        var result = GradCheck.Check(
            xs => module.FunctionalCall(names.Select((n, i) => new KeyValuePair<string, Tensor>(n, xs[i + 1])).ToDictionary(), xs[0]),
            inputs);
        Assert.True(result.Passed, result.Message);
    }
}
