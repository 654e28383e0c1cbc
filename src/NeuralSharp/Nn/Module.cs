using System.Globalization;
using System.Text;
using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>
/// The base of every layer and network (PyTorch's <c>torch.nn.Module</c>): it owns named parameters
/// (trainable tensors), named buffers (state that is saved but not trained, such as running means) and
/// named child modules, and computes <see cref="Forward"/>.
/// </summary>
/// <remarks>
/// <para>Names follow PyTorch's <c>state_dict</c>: a child's tensors are prefixed with the child's name and
/// a dot, so the bias of the second layer of an encoder is <c>encoder.1.bias</c>. Files saved by
/// <see cref="IO.Model"/> use these names, which lets PyTorch read them.</para>
/// <para>Layers read their tensors back from the registry by name (<c>Weight => GetParameter("weight")</c>)
/// rather than caching them in fields, so that <see cref="To(DType)"/>, <see cref="Clone"/> and
/// <see cref="FunctionalCall"/> can swap them without each layer having to cooperate.</para>
/// </remarks>
/// <example>
/// <code>
/// var g = new Generator(42);
/// var net = new Sequential(new Linear(784, 30, generator: g), new Sigmoid(), new Linear(30, 10, generator: g));
/// Tensor y = net.Forward(x);
/// Console.WriteLine(net);              // the module tree
/// Console.WriteLine(net.ParameterCount); // 23,860
/// </code>
/// </example>
public abstract class Module
{
    // Set by Model.Load while it rebuilds a network from an untrusted file, so that an architecture
    // declaring absurd sizes fails before allocating instead of exhausting memory.
    [ThreadStatic]
    private static long t_allocationBudget;

    [ThreadStatic]
    private static bool t_budgetActive;

    private OrderedDictionary<string, Tensor> _parameters = new(StringComparer.Ordinal);
    private OrderedDictionary<string, Tensor> _buffers = new(StringComparer.Ordinal);
    private OrderedDictionary<string, Module> _children = new(StringComparer.Ordinal);

    /// <summary>Whether the module is in training mode (the default) rather than evaluation mode; see <see cref="Train"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>The layer's type name, as printed and as stored in model files (the class name by default).</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>Computes the module's output for a batch of inputs.</summary>
    /// <param name="input">The input, batch dimension first.</param>
    /// <returns>The output; differentiable with respect to the input and to the parameters.</returns>
    public abstract Tensor Forward(Tensor input);

    /// <summary>The number of elements in all parameters, children included (frozen ones too).</summary>
    public long ParameterCount => Parameters().Sum(p => (long)p.Count);

    /// <summary>The number of elements in the parameters that currently require gradients.</summary>
    public long TrainableParameterCount => Parameters().Where(p => p.RequiresGrad).Sum(p => (long)p.Count);

    /// <summary>The element type of the first parameter or buffer (Float32 for a module without any).</summary>
    public DType DType => NamedParameters().Select(p => p.Value).Concat(Buffers()).FirstOrDefault()?.DType ?? DType.Float32;

    /// <summary>Every parameter of this module and its descendants, in <see cref="NamedParameters"/> order.</summary>
    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Value);

    /// <summary>Every parameter with its dotted name (<c>0.weight</c>, <c>encoder.1.bias</c>): own parameters first, then each child's.</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> NamedParameters() => Walk(m => m._parameters);

    /// <summary>Every buffer of this module and its descendants.</summary>
    public IEnumerable<Tensor> Buffers() => NamedBuffers().Select(b => b.Value);

    /// <summary>Every buffer with its dotted name (<c>1.running_mean</c>).</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> NamedBuffers() => Walk(m => m._buffers);

    /// <summary>The direct children, in registration order.</summary>
    public IEnumerable<Module> Children() => _children.Values;

    /// <summary>The direct children with their names.</summary>
    public IEnumerable<KeyValuePair<string, Module>> NamedChildren() => _children;

    /// <summary>This module and all its descendants, depth first, with dotted names ("" for this one).</summary>
    public IEnumerable<KeyValuePair<string, Module>> NamedModules(string prefix = "")
    {
        yield return new(prefix, this);
        foreach (var (name, child) in _children)
        {
            foreach (var m in child.NamedModules(Join(prefix, name)))
            {
                yield return m;
            }
        }
    }

    /// <summary>Puts this module and every descendant in training (true) or evaluation (false) mode; returns this module.</summary>
    /// <remarks>The mode changes what some layers do: <see cref="Dropout"/> drops units only in training and
    /// <see cref="BatchNorm1d"/> uses batch statistics in training and its running averages in evaluation.</remarks>
    public Module Train(bool mode = true)
    {
        IsTraining = mode;
        foreach (var child in _children.Values)
        {
            child.Train(mode);
        }

        return this;
    }

    /// <summary>Shorthand for <c>Train(false)</c>: evaluation mode, for validation and prediction.</summary>
    public Module Eval() => Train(false);

    /// <summary>Sets the accumulated gradient of every parameter to zero (keeping the buffers), before the next backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Stops gradients to every parameter (RequiresGrad = false), for transfer learning; returns this module.</summary>
    /// <remarks>Freeze a pretrained feature extractor and train only a new head: frozen parameters get no
    /// <see cref="Tensor.Grad"/>, so optimisers leave them unchanged.</remarks>
    public Module Freeze() => SetRequiresGrad(false);

    /// <summary>Makes every parameter trainable again (RequiresGrad = true); returns this module.</summary>
    public Module Unfreeze() => SetRequiresGrad(true);

    /// <summary>
    /// The parameters and buffers by dotted name, in PyTorch's order: each module's own parameters, then
    /// its buffers, then its children's. The tensors are detached views sharing the module's storage: clone
    /// them to keep a snapshot (for example the best weights during early stopping).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var dict = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, t) in module._parameters)
            {
                dict.Add(Join(prefix, name), t.Detach());
            }

            foreach (var (name, t) in module._buffers)
            {
                dict.Add(Join(prefix, name), t.Detach());
            }
        }

        return dict;
    }

    /// <summary>
    /// Copies values into this module's parameters and buffers by dotted name (converting the element
    /// type if needed). Nothing is changed unless the whole dictionary fits.
    /// </summary>
    /// <param name="stateDict">Tensors by dotted name, as returned by <see cref="StateDict"/>.</param>
    /// <param name="strict">When true, a name missing from either side is an error; when false, such names are only reported in the result.</param>
    /// <returns>The names the module has but the dictionary lacks, and the names the module does not know.</returns>
    /// <exception cref="ArgumentException">A shape differs (always an error), or names differ and <paramref name="strict"/> is set; the message lists every difference.</exception>
    public LoadStateDictResult LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var own = StateDict();
        var missing = own.Keys.Where(k => !stateDict.ContainsKey(k)).ToArray();
        var unexpected = stateDict.Keys.Where(k => !own.ContainsKey(k)).ToArray();
        var problems = new List<string>();
        foreach (var (name, target) in own)
        {
            if (stateDict.TryGetValue(name, out var source) && source.Shape != target.Shape)
            {
                problems.Add($"size mismatch for {name}: the module has shape {target.Shape}, the state dict {source.Shape}");
            }
        }

        if (strict)
        {
            problems.AddRange(missing.Select(k => $"missing key {k}"));
            problems.AddRange(unexpected.Select(k => $"unexpected key {k}"));
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"load_state_dict for {TypeName}: {string.Join("; ", problems)}", nameof(stateDict));
        }

        using (GradMode.NoGrad())
        {
            foreach (var (name, target) in own)
            {
                if (stateDict.TryGetValue(name, out var source))
                {
                    target.CopyFrom(source);
                }
            }
        }

        return new LoadStateDictResult(missing, unexpected);
    }

    /// <summary>
    /// Converts every parameter and buffer to <paramref name="dtype"/> in place and returns this module
    /// (PyTorch's <c>module.to(dtype)</c>). Gradients are dropped; trainability is kept.
    /// </summary>
    public Module To(DType dtype)
    {
        foreach (var (_, module) in NamedModules())
        {
            module._parameters = Converted(module._parameters, dtype, isParameter: true);
            module._buffers = Converted(module._buffers, dtype, isParameter: false);
        }

        return this;
    }

    /// <summary>Shorthand for <c>To(DType.Float64)</c>, for gradient checks of whole modules.</summary>
    public Module Double() => To(DType.Float64);

    /// <summary>Shorthand for <c>To(DType.Float32)</c>.</summary>
    public Module Float() => To(DType.Float32);

    /// <summary>
    /// A deep copy: the same architecture and mode with copies of every parameter and buffer (gradients are
    /// not copied). Layers that hold a <see cref="Generator"/> share it with the copy.
    /// </summary>
    public Module Clone()
    {
        var copy = (Module)MemberwiseClone();
        copy._parameters = Converted(_parameters, null, isParameter: true);
        copy._buffers = Converted(_buffers, null, isParameter: false);
        copy._children = new(StringComparer.Ordinal);
        foreach (var (name, child) in _children)
        {
            copy._children.Add(name, child.Clone());
        }

        return copy;
    }

    /// <summary>
    /// Runs <see cref="Forward"/> with some parameters or buffers temporarily replaced by the given tensors
    /// (PyTorch's <c>torch.func.functional_call</c>), then restores them. The output is then a function
    /// of those tensors, which is what a gradient check of a layer's parameters needs.
    /// </summary>
    /// <param name="tensors">Replacement tensors by dotted name; each must have the shape of the one it replaces.</param>
    /// <param name="input">The input to <see cref="Forward"/>.</param>
    public Tensor FunctionalCall(IReadOnlyDictionary<string, Tensor> tensors, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var saved = new List<(OrderedDictionary<string, Tensor> Registry, string Name, Tensor Original)>();
        try
        {
            foreach (var (dotted, replacement) in tensors)
            {
                var (registry, name) = Locate(dotted);
                var original = registry[name];
                if (original.Shape != replacement.Shape)
                {
                    throw new ArgumentException($"functional_call: {dotted} has shape {original.Shape}, the replacement {replacement.Shape}", nameof(tensors));
                }

                saved.Add((registry, name, original));
                registry[name] = replacement;
            }

            return Forward(input);
        }
        finally
        {
            for (var i = saved.Count - 1; i >= 0; i--)
            {
                saved[i].Registry[saved[i].Name] = saved[i].Original;
            }
        }
    }

    /// <summary>Prints the module tree like PyTorch: <c>Sequential(\n  (0): Linear(in=784, out=30, bias=true)\n ...)</c>.</summary>
    public override string ToString()
    {
        var extra = ExtraRepr();
        if (_children.Count == 0)
        {
            return $"{TypeName}({extra})";
        }

        var sb = new StringBuilder().Append(TypeName).Append('(');
        if (extra.Length > 0)
        {
            sb.Append('\n').Append("  ").Append(extra);
        }

        foreach (var (name, child) in _children)
        {
            var text = child.ToString().Replace("\n", "\n  ", StringComparison.Ordinal);
            sb.Append("\n  (").Append(name).Append("): ").Append(text);
        }

        return sb.Append("\n)").ToString();
    }

    /// <summary>The layer's settings, printed between its parentheses (PyTorch's <c>extra_repr</c>); empty by default.</summary>
    protected virtual string ExtraRepr() => string.Empty;

    /// <summary>
    /// Writes the constructor settings needed to rebuild this layer from a model file (sizes, rates, flags),
    /// read back by the factory registered with <see cref="IO.Model.RegisterLayer"/>. Children and tensors are
    /// saved separately. Nothing by default.
    /// </summary>
    protected internal virtual void WriteConfig(ModuleConfig config)
    {
    }

    /// <summary>Registers a trainable tensor under <paramref name="name"/> (RequiresGrad is set) and returns it.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckNewName(name);
        _parameters.Add(name, parameter.RequireGrad());
        return parameter;
    }

    /// <summary>Allocates a zero parameter of the given shape (Float32), registers it and returns it; initialise it with <see cref="Init"/>.</summary>
    protected Tensor CreateParameter(string name, Shape shape) => RegisterParameter(name, Allocate(shape));

    /// <summary>Registers a state tensor that is saved and converted with the module but not trained, and returns it.</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckNewName(name);
        _buffers.Add(name, buffer);
        return buffer;
    }

    /// <summary>Allocates a buffer filled with <paramref name="value"/> (Float32), registers it and returns it.</summary>
    protected Tensor CreateBuffer(string name, Shape shape, double value = 0) => RegisterBuffer(name, Allocate(shape).Fill(value));

    /// <summary>Registers a child module under <paramref name="name"/> and returns it.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckNewName(name);
        _children.Add(name, module);
        return module;
    }

    /// <summary>The parameter registered under <paramref name="name"/>.</summary>
    protected Tensor GetParameter(string name) => _parameters[name];

    /// <summary>The parameter registered under <paramref name="name"/>, or null when there is none (an optional bias).</summary>
    protected Tensor? TryGetParameter(string name) => _parameters.GetValueOrDefault(name);

    /// <summary>The buffer registered under <paramref name="name"/>.</summary>
    protected Tensor GetBuffer(string name) => _buffers[name];

    /// <summary>The child registered under <paramref name="name"/>.</summary>
    protected Module GetModule(string name) => _children[name];

    /// <summary>The child at position <paramref name="index"/> in registration order.</summary>
    protected Module GetModule(int index) => _children.GetAt(index).Value;

    /// <summary>The number of direct children.</summary>
    protected int ChildCount => _children.Count;

    /// <summary>Formats a count with thousands separators, as the printouts do.</summary>
    internal static string FormatCount(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Limits, on this thread, how many tensor elements modules may allocate; null lifts the limit.</summary>
    internal static void SetAllocationBudget(long? elements)
    {
        t_budgetActive = elements.HasValue;
        t_allocationBudget = elements ?? 0;
    }

    private static Tensor Allocate(Shape shape)
    {
        if (t_budgetActive)
        {
            long n = 1;
            foreach (var d in shape)
            {
                n = d != 0 && n > long.MaxValue / d ? long.MaxValue : n * d;
            }

            if (n > t_allocationBudget)
            {
                throw new InvalidOperationException($"the architecture declares a tensor of shape {shape}, more elements than the file holds");
            }

            t_allocationBudget -= n;
        }

        return Tensor.Zeros(shape);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    /// <summary>Copies of the tensors (clone when <paramref name="dtype"/> is null, else converted; tensors already of that type are kept as they are).</summary>
    private static OrderedDictionary<string, Tensor> Converted(OrderedDictionary<string, Tensor> source, DType? dtype, bool isParameter)
    {
        var result = new OrderedDictionary<string, Tensor>(StringComparer.Ordinal);
        using (GradMode.NoGrad())
        {
            foreach (var (name, t) in source)
            {
                var converted = dtype is { } d ? (t.DType == d ? t : t.Detach().To(d)) : t.Clone();
                if (isParameter && !ReferenceEquals(converted, t))
                {
                    converted.RequiresGrad = t.RequiresGrad;
                }

                result.Add(name, converted);
            }
        }

        return result;
    }

    private IEnumerable<KeyValuePair<string, Tensor>> Walk(Func<Module, OrderedDictionary<string, Tensor>> registry)
    {
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, t) in registry(module))
            {
                yield return new(Join(prefix, name), t);
            }
        }
    }

    private Module SetRequiresGrad(bool value)
    {
        foreach (var p in Parameters())
        {
            p.RequiresGrad = value;
        }

        return this;
    }

    private (OrderedDictionary<string, Tensor> Registry, string Name) Locate(string dotted)
    {
        var module = this;
        var parts = dotted.Split('.');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (!module._children.TryGetValue(parts[i], out var child))
            {
                throw new ArgumentException($"functional_call: no module named {string.Join('.', parts[..(i + 1)])}");
            }

            module = child;
        }

        var last = parts[^1];
        return module._parameters.ContainsKey(last) ? (module._parameters, last)
            : module._buffers.ContainsKey(last) ? (module._buffers, last)
            : throw new ArgumentException($"functional_call: no parameter or buffer named {dotted}");
    }

    private void CheckNewName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{TypeName}: the name '{name}' must not contain a dot (dots separate levels in state dict names)", nameof(name));
        }

        if (_parameters.ContainsKey(name) || _buffers.ContainsKey(name) || _children.ContainsKey(name))
        {
            throw new ArgumentException($"{TypeName}: the name '{name}' is already registered", nameof(name));
        }
    }
}
