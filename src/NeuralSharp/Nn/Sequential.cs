using System.Collections;
using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>
/// Layers applied one after another, each to the previous one's output (PyTorch's <c>nn.Sequential</c>).
/// Children are named "0", "1", ... unless added with a name, so parameters are called <c>0.weight</c> etc.
/// </summary>
/// <remarks>A sequential network passes one tensor from layer to layer; a layer may still be built from
/// modules that take and return several tensors (<see cref="Module{TIn, TOut}"/>) inside it.</remarks>
/// <example>
/// <code>
/// var net = new Sequential { new Linear(2, 2, generator: g), new Sigmoid(), new Linear(2, 1, generator: g) };
/// </code>
/// </example>
public sealed class Sequential : Module, IEnumerable<Module>, IComposite<Sequential>
{
    /// <summary>Creates a network from layers, in order.</summary>
    public Sequential(params IEnumerable<Module> layers)
    {
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The number of layers.</summary>
    public int Count => ChildCount;

    /// <summary>
    /// The layer at <paramref name="index"/>; negative values count from the end. Setting it replaces the
    /// layer in place, keeping its name, e.g. a new head: <c>net[-1] = new Linear(30, 5)</c>.
    /// </summary>
    public Module this[int index]
    {
        get => (Module)ChildAt(Position(index));
        set => ReplaceModule(NamedChildren().ElementAt(Position(index)).Key, value);
    }

    /// <summary>Appends a layer named by its position.</summary>
    public Sequential Add(Module layer) => Add(ChildCount.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);

    /// <summary>Appends a layer under a name of your choice (it becomes the prefix of its parameters' names).</summary>
    public Sequential Add(string name, Module layer)
    {
        RegisterModule(name, layer);
        return this;
    }

    /// <summary>
    /// Puts <paramref name="layer"/> in the place of the layer called <paramref name="name"/> (same position,
    /// same name, so its parameters take the old one's names) and returns the layer it replaced.
    /// </summary>
    /// <exception cref="ArgumentException">There is no layer of that name; the message lists them.</exception>
    public Module Replace(string name, Module layer) => (Module)ReplaceModule(name, layer);

    /// <inheritdoc/>
    public static Sequential Create(IReadOnlyList<KeyValuePair<string, ModuleBase>> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        var s = new Sequential();
        foreach (var (name, child) in children)
        {
            s.Add(name, child as Module ?? throw new ArgumentException($"sequential: layer '{name}' ({child.TypeName}) does not take and return one tensor"));
        }

        return s;
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        // Without gradients, layers that keep nothing run in a recycled arena (InferenceArena) and only the output is copied out.
        using var scope = InferenceArena.ScopeFor(this, input);
        var output = Run(input);
        return scope.IsOpen ? InferenceArena.Keep(output) : output;
    }

    private Tensor Run(Tensor input)
    {
        // Without gradients, a Linear followed by a ReLU (neither watched by hooks) runs as one fused product that
        // activates each tile of its output while it is in cache; the values are the same bit for bit. In either mode a
        // ReLU followed by a MaxPool2d runs as one pooling of max(0, each window's largest value), whose gradient goes to
        // the winner only where that is above zero: the same values and gradients, without the ReLU's passes.
        var fuse = !GradMode.IsEnabled;
        Module? held = null;

        // Children are read from the registry, never cached, so that Clone's copies are the ones run.
        foreach (Module layer in Children())
        {
            if (held is not null)
            {
                var previous = held;
                held = null;
                if (previous is Linear linear && layer is ReLU && !layer.IsObserved)
                {
                    input = linear.ForwardRelu(input);
                    continue;
                }

                if (previous is ReLU && layer is MaxPool2d pool && !layer.IsObserved)
                {
                    input = pool.ForwardAfterRelu(input);
                    continue;
                }

                input = previous.Call(input);
            }

            if ((fuse && layer is Linear && !layer.IsObserved) || (layer is ReLU && !layer.IsObserved))
            {
                held = layer;
                continue;
            }

            input = layer.Call(input);
        }

        return held is null ? input : held.Call(input);
    }

    private int Position(int index)
    {
        var position = index < 0 ? index + ChildCount : index;
        return (uint)position < (uint)ChildCount
            ? position
            : throw new ArgumentOutOfRangeException(nameof(index), $"sequential: no layer at index {index} (it has {ChildCount})");
    }

    /// <inheritdoc/>
    public IEnumerator<Module> GetEnumerator() => Children().Cast<Module>().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
