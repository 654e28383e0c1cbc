using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>
/// Runs a network up to a named layer and returns that layer's output: what a trained network has learned
/// there, as features for a probe, a new head or a plot (torchvision's <c>create_feature_extractor</c> for one node).
/// </summary>
/// <remarks>
/// <para>Layers are named as in <see cref="ModuleBase.NamedModules"/> and the state dict: <c>"2"</c> for the
/// third layer of a <see cref="Sequential"/>, <c>"body.3"</c> for the fourth layer of a child called body.</para>
/// <para>Through <see cref="Sequential"/> containers the network is run only as far as the layer: the layers
/// after it are never called. Inside any other module (a <see cref="Residual"/>, say) that module is run whole
/// and the output of the layer's first call is kept.</para>
/// <para>The extractor shares the network's parameters and modes; <see cref="Forward"/> is differentiable, so
/// the features can also be trained through.</para>
/// </remarks>
/// <example>
/// <code>
/// var hidden = new FeatureExtractor(net, "1");             // after the first Linear and its sigmoid
/// Tensor codes = hidden.Extract(testImages);               // evaluation mode, no gradients, in batches
/// </code>
/// </example>
public sealed class FeatureExtractor
{
    private readonly string[] _path;

    /// <summary>Creates an extractor for the output of <paramref name="layer"/> in <paramref name="model"/>.</summary>
    /// <param name="model">The network.</param>
    /// <param name="layer">The layer's dotted name, e.g. <c>"2"</c> or <c>"body.3"</c>.</param>
    /// <exception cref="ArgumentException">The network has no layer of that name; the message lists the names it has.</exception>
    public FeatureExtractor(Module model, string layer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layer);
        var target = model.NamedModules().FirstOrDefault(m => m.Key.Length > 0 && m.Key == layer).Value;
        if (target is null)
        {
            var names = LayerNames(model);
            throw new ArgumentException(
                $"feature extractor: the {model.TypeName} has no layer named '{layer}'; its layers are {(names.Count == 0 ? "(none)" : string.Join(", ", names))}",
                nameof(layer));
        }

        Model = model;
        Layer = layer;
        _path = layer.Split('.');
    }

    /// <summary>The network the features come from.</summary>
    public Module Model { get; }

    /// <summary>The dotted name of the layer whose output is returned.</summary>
    public string Layer { get; }

    /// <summary>Every name a layer can be given by: the dotted names of all sub-modules, depth first.</summary>
    public static IReadOnlyList<string> LayerNames(Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [.. model.NamedModules().Select(m => m.Key).Where(k => k.Length > 0)];
    }

    /// <summary>The layer's output for <paramref name="input"/>, in the network's current mode; differentiable.</summary>
    /// <exception cref="InvalidOperationException">The layer is inside a module that did not call it, or it does not return one tensor.</exception>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return RunTo(Model, 0, input);
    }

    /// <summary>
    /// The layer's output for every row of <paramref name="inputs"/> (first dimension: examples), computed in
    /// evaluation mode (no dropout, batch norm's running statistics) without gradients, in batches; every
    /// module's mode is restored afterwards.
    /// </summary>
    public Tensor Extract(Tensor inputs, int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var modes = Model.NamedModules().Select(m => (Module: m.Value, m.Value.IsTraining)).ToList();
        try
        {
            Model.Eval();
            using (GradMode.NoGrad())
            {
                var parts = new List<Tensor>();
                for (var start = 0; start < inputs.Shape[0]; start += batchSize)
                {
                    parts.Add(Forward(inputs.Narrow(0, start, Math.Min(batchSize, inputs.Shape[0] - start)).Contiguous()));
                }

                return parts.Count == 1 ? parts[0] : Tensor.Concat(parts, 0);
            }
        }
        finally
        {
            foreach (var (module, training) in modes)
            {
                module.Train(training);
            }
        }
    }

    /// <summary>Runs <paramref name="module"/> (whose name is the first <paramref name="depth"/> parts of the path) as far as the target.</summary>
    private Tensor RunTo(Module module, int depth, Tensor input)
    {
        if (module is not Sequential sequential)
        {
            return Observe(module, input);
        }

        foreach (var (name, child) in sequential.NamedChildren())
        {
            var layer = (Module)child;
            if (name != _path[depth])
            {
                input = layer.Call(input);
                continue;
            }

            return depth == _path.Length - 1 ? layer.Call(input) : RunTo(layer, depth + 1, input);
        }

        throw new InvalidOperationException($"feature extractor: layer '{Layer}' is no longer in the network");
    }

    /// <summary>Runs <paramref name="module"/> whole and keeps the output of the target's first call.</summary>
    private Tensor Observe(Module module, Tensor input)
    {
        // Looked up on every run, so that a layer replaced since the extractor was made is the one observed.
        var target = Model.NamedModules().FirstOrDefault(m => m.Key == Layer).Value
            ?? throw new InvalidOperationException($"feature extractor: layer '{Layer}' is no longer in the network");
        Tensor? captured = null;
        var called = false;
        var previous = ModuleBase.CallObserver;
        ModuleBase.CallObserver = (m, output) =>
        {
            previous?.Invoke(m, output);
            if (!called && ReferenceEquals(m, target))
            {
                called = true;
                captured = output as Tensor;
            }
        };
        try
        {
            module.Call(input);
        }
        finally
        {
            ModuleBase.CallObserver = previous;
        }

        return !called
            ? throw new InvalidOperationException($"feature extractor: layer '{Layer}' ({target.TypeName}) was not called through Call while the {module.TypeName} ran")
            : captured ?? throw new InvalidOperationException($"feature extractor: layer '{Layer}' ({target.TypeName}) does not return one tensor");
    }
}
