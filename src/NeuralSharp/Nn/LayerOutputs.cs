using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>One layer's output captured by <see cref="LayerOutputs.Capture"/>.</summary>
/// <param name="Name">The layer's dotted name in the network ("1.0" for the first layer of a nested <see cref="Sequential"/>).</param>
/// <param name="Layer">The layer.</param>
/// <param name="Output">What the layer returned (detached; batch dimension first).</param>
public sealed record LayerOutput(string Name, Module Layer, Tensor Output);

/// <summary>
/// The outputs of chosen layers inside a network for one input, such as the feature maps of every convolution (what
/// PyTorch gets with forward hooks or <c>torchvision.models.feature_extraction</c>). The network runs once, as it
/// always does, so layers at any depth and in any container are seen, each time they are called.
/// </summary>
/// <example>
/// <code>
/// foreach (var (name, layer, maps) in LayerOutputs.Capture(net, image, m => m is Conv2d))
/// {
///     Console.WriteLine($"{name}: {maps.Shape}");   // 1.0: [1, 6, 28, 28] ...
/// }
/// </code>
/// </example>
public static class LayerOutputs
{
    /// <summary>
    /// Runs <paramref name="model"/> once on <paramref name="input"/>, in evaluation mode and without gradients (the
    /// modes are restored afterwards), and returns the output of every descendant layer that <paramref name="select"/>
    /// accepts, in the order they were called.
    /// </summary>
    /// <param name="model">The network.</param>
    /// <param name="input">A batch of inputs, as the network takes them.</param>
    /// <param name="select">Which layers to keep (all single-tensor layers when null); the root module is never kept.</param>
    public static IReadOnlyList<LayerOutput> Capture(Module model, Tensor input, Func<Module, bool>? select = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        var names = new Dictionary<ModuleBase, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, module) in model.NamedModules())
        {
            if (name.Length > 0)
            {
                names.TryAdd(module, name);
            }
        }

        var captured = new List<LayerOutput>();
        var modes = model.NamedModules().Select(m => (Module: m.Value, m.Value.IsTraining)).ToList();
        var previous = ModuleBase.CallObserver;
        ModuleBase.CallObserver = (module, output) =>
        {
            previous?.Invoke(module, output);
            if (module is Module layer && output is Tensor t && names.TryGetValue(module, out var name) && (select?.Invoke(layer) ?? true))
            {
                captured.Add(new LayerOutput(name, layer, t.Detach()));
            }
        };
        try
        {
            // Evaluation mode: dropout must not drop and batch norm must use (not update) its running statistics.
            model.Eval();
            using (GradMode.NoGrad())
            {
                model.Call(input);
            }
        }
        finally
        {
            ModuleBase.CallObserver = previous;
            foreach (var (module, training) in modes)
            {
                module.Train(training);
            }
        }

        return captured;
    }
}
