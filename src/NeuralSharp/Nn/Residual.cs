namespace NeuralSharp.Nn;

/// <summary>
/// A residual block (He et al., 2016): y = body(x) + shortcut(x), where the shortcut is the identity unless
/// a projection is given (for example a <see cref="Linear"/> layer when the body changes the width). The
/// shortcut lets gradients reach early layers of deep networks undiminished.
/// </summary>
/// <remarks>Children are named <c>body</c> and, when given, <c>shortcut</c>, so the parameters are called
/// <c>body.0.weight</c> and <c>shortcut.weight</c>.</remarks>
/// <example>
/// <code>
/// var block = new Residual(new Sequential(new Linear(64, 64), new ReLU(), new Linear(64, 64)));
/// </code>
/// </example>
public sealed class Residual : Module, IComposite<Residual>
{
    /// <summary>Creates the block from its body and an optional shortcut (the identity when null).</summary>
    public Residual(Module body, Module? shortcut = null)
    {
        RegisterModule("body", body);
        if (shortcut is not null)
        {
            RegisterModule("shortcut", shortcut);
        }
    }

    /// <summary>The main branch.</summary>
    /// <remarks>Read from the child registry rather than a field, so that a clone runs its own copies.</remarks>
    public Module Body => (Module)ChildAt(0);

    /// <summary>The projection applied to the input before it is added, or null for the identity.</summary>
    public Module? Shortcut => ChildCount > 1 ? (Module)ChildAt(1) : null;

    /// <inheritdoc/>
    public static Residual Create(IReadOnlyList<KeyValuePair<string, ModuleBase>> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        Module Child(int i, string name) => children[i].Key == name && children[i].Value is Module m
            ? m
            : throw new ArgumentException($"residual: child {i} must be a single-tensor module named '{name}'");
        return children.Count switch
        {
            1 => new Residual(Child(0, "body")),
            2 => new Residual(Child(0, "body"), Child(1, "shortcut")),
            _ => throw new ArgumentException($"residual: expected the children 'body' and optionally 'shortcut', got {children.Count}"),
        };
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        var y = Body.Call(input);
        var skip = Shortcut is null ? input : Shortcut.Call(input);
        if (y.Shape != skip.Shape)
        {
            throw new ArgumentException($"residual: the body's output {y.Shape} and the shortcut's {skip.Shape} differ; give a shortcut projection");
        }

        return y + skip;
    }
}
