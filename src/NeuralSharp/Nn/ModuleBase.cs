using System.Globalization;
using System.Text;
using NeuralSharp.Autograd;

namespace NeuralSharp.Nn;

/// <summary>
/// The root of every layer and network (PyTorch's <c>torch.nn.Module</c> without its <c>forward</c>): it owns
/// named parameters (trainable tensors), named buffers (state that is saved but not trained, such as running
/// means) and named child modules. Derive from <see cref="Module"/> (one tensor in, one out: the common case)
/// or from <see cref="Module{TIn, TOut}"/> (tuples or records of tensors in and out, such as a recurrent cell's
/// input and state); both are saved, printed, converted and trained alike.
/// </summary>
/// <remarks>
/// <para>Names follow PyTorch's <c>state_dict</c>: a child's tensors are prefixed with the child's name and
/// a dot, so the bias of the second layer of an encoder is <c>encoder.1.bias</c>. Files saved by
/// <see cref="IO.Model"/> use these names, which lets PyTorch read them.</para>
/// <para>Layers read their tensors back from the registry by name (<c>Weight => GetParameter("weight")</c>)
/// rather than caching them in fields, so that <see cref="ModuleExtensions.To{T}(T, DType)"/>,
/// <see cref="ModuleExtensions.Clone{T}(T)"/> and <see cref="Module{TIn, TOut}.FunctionalCall"/> can swap them
/// without each layer having to cooperate.</para>
/// <para>The fluent methods (<c>Train</c>, <c>Eval</c>, <c>Freeze</c>, <c>To</c>, <c>Double</c>, <c>Clone</c>...)
/// are extension methods in <see cref="ModuleExtensions"/> so that they return the module's own type.</para>
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
public abstract class ModuleBase
{
    // Set by Model.Load while it rebuilds a network from an untrusted file, so that an architecture
    // declaring absurd sizes fails before allocating instead of exhausting memory.
    [ThreadStatic]
    private static long t_allocationBudget;

    [ThreadStatic]
    private static bool t_budgetActive;

    // The element counts of the file's tensors, each usable once: a module may only allocate a tensor the file can fill.
    [ThreadStatic]
    private static Dictionary<long, int>? t_allocationSizes;

    [ThreadStatic]
    private static Action<ModuleBase, object?>? t_callObserver;

    private OrderedDictionary<string, Tensor> _parameters = new(StringComparer.Ordinal);
    private OrderedDictionary<string, Tensor> _buffers = new(StringComparer.Ordinal);
    private OrderedDictionary<string, ModuleBase> _children = new(StringComparer.Ordinal);

    /// <summary>Only <see cref="Module{TIn, TOut}"/> derives from this class: every module has a <c>Forward</c>.</summary>
    private protected ModuleBase()
    {
    }

    /// <summary>Whether the module is in training mode (the default) rather than evaluation mode; see <see cref="ModuleExtensions.Train{T}(T, bool)"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    /// <summary>The layer's type name, as printed and as stored in model files (the class name by default).</summary>
    public virtual string TypeName => GetType().Name;

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
    public IEnumerable<ModuleBase> Children() => _children.Values;

    /// <summary>The direct children with their names.</summary>
    public IEnumerable<KeyValuePair<string, ModuleBase>> NamedChildren() => _children;

    /// <summary>This module and all its descendants, depth first, with dotted names ("" for this one).</summary>
    public IEnumerable<KeyValuePair<string, ModuleBase>> NamedModules(string prefix = "")
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

    /// <summary>Sets the accumulated gradient of every parameter to zero (keeping the buffers), before the next backward pass.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

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
    /// type if needed) and reports what matched. Nothing is changed unless the load succeeds as a whole.
    /// </summary>
    /// <param name="stateDict">Tensors by dotted name, as returned by <see cref="StateDict"/>.</param>
    /// <param name="strict">When true (the default), every name must match both ways with the same shape.
    /// When false, the tensors whose names and shapes match are copied and the rest are only reported:
    /// this loads a saved network's body into a larger network, or one with a head of another size.</param>
    /// <returns>What was copied (<see cref="LoadStateDictResult.MatchedKeys"/>), the names the module has but the
    /// dictionary lacks, the names the module does not know, and the tensors of the wrong shape.</returns>
    /// <exception cref="ArgumentException">In strict mode, a name differs or a shape differs; the message lists every
    /// difference, naming each tensor of the wrong shape with both shapes.</exception>
    /// <remarks>PyTorch's <c>load_state_dict(strict=False)</c> still raises on a shape mismatch; here a non-strict
    /// load skips and reports it instead, since replacing a head of another size is what non-strict loads are for.</remarks>
    /// <example>
    /// <code>
    /// var report = bigger.LoadStateDict(Model.Load("small.safetensors").StateDict(), strict: false);
    /// Console.WriteLine(report); // loaded 4 tensor(s); missing (kept as they were): 4.weight, 4.bias; ...
    /// </code>
    /// </example>
    public LoadStateDictResult LoadStateDict(IReadOnlyDictionary<string, Tensor> stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var own = StateDict();
        var missing = own.Keys.Where(k => !stateDict.ContainsKey(k)).ToArray();
        var unexpected = stateDict.Keys.Where(k => !own.ContainsKey(k)).ToArray();
        var matched = new List<string>();
        var mismatched = new List<ShapeMismatch>();
        foreach (var (name, target) in own)
        {
            if (stateDict.TryGetValue(name, out var source))
            {
                ArgumentNullException.ThrowIfNull(source, nameof(stateDict));
                if (source.Shape != target.Shape)
                {
                    mismatched.Add(new ShapeMismatch(name, target.Shape, source.Shape));
                }
                else
                {
                    matched.Add(name);
                }
            }
        }

        if (strict && (missing.Length > 0 || unexpected.Length > 0 || mismatched.Count > 0))
        {
            var problems = mismatched.Select(m => $"size mismatch for {m.Name}: the module has shape {m.ModuleShape}, the state dict {m.StateDictShape}")
                .Concat(missing.Select(k => $"missing key {k}"))
                .Concat(unexpected.Select(k => $"unexpected key {k}"));
            throw new ArgumentException($"load_state_dict for {TypeName}: {string.Join("; ", problems)}", nameof(stateDict));
        }

        using (GradMode.NoGrad())
        {
            foreach (var name in matched)
            {
                own[name].CopyFrom(stateDict[name]);
            }
        }

        return new LoadStateDictResult(missing, unexpected) { MatchedKeys = matched, ShapeMismatches = mismatched };
    }

    /// <summary>Sets the mode of this module and every descendant; see <see cref="ModuleExtensions.Train{T}(T, bool)"/>.</summary>
    internal void SetTraining(bool mode)
    {
        IsTraining = mode;
        foreach (var child in _children.Values)
        {
            child.SetTraining(mode);
        }
    }

    /// <summary>Converts every parameter and buffer in place; see <see cref="ModuleExtensions.To{T}(T, DType)"/>.</summary>
    internal void ConvertTo(DType dtype)
    {
        foreach (var (_, module) in NamedModules())
        {
            module._parameters = Converted(module._parameters, dtype, isParameter: true);
            module._buffers = Converted(module._buffers, dtype, isParameter: false);
        }
    }

    /// <summary>A deep copy of the same runtime type; see <see cref="ModuleExtensions.Clone{T}(T)"/>.</summary>
    internal ModuleBase DeepCopy()
    {
        var copy = (ModuleBase)MemberwiseClone();
        copy._parameters = Converted(_parameters, null, isParameter: true);
        copy._buffers = Converted(_buffers, null, isParameter: false);
        copy._children = new(StringComparer.Ordinal);
        foreach (var (name, child) in _children)
        {
            copy._children.Add(name, child.DeepCopy());
        }

        return copy;
    }

    /// <summary>
    /// Sets RequiresGrad on every parameter of the named sub-modules and parameters (all of them when
    /// <paramref name="names"/> is empty); see <see cref="ModuleExtensions.Freeze{T}(T, string[])"/>.
    /// </summary>
    internal void SetRequiresGrad(bool value, IReadOnlyList<string> names, string what)
    {
        // Resolve every name before changing anything, so that a typo leaves the network as it was.
        var targets = names.Count == 0 ? Parameters().ToList() : names.SelectMany(n => ParametersUnder(n, what)).ToList();
        foreach (var p in targets)
        {
            p.RequiresGrad = value;
            if (!value)
            {
                // A stale gradient would still count in gradient clipping and anomaly checks.
                p.Grad = null;
            }
        }
    }

    /// <summary>The parameters of the sub-module called <paramref name="name"/> (dotted, as in the state dict), or the one parameter of that name.</summary>
    internal IEnumerable<Tensor> ParametersUnder(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (moduleName, module) in NamedModules())
        {
            if (moduleName.Length > 0 && moduleName == name)
            {
                return module.Parameters();
            }
        }

        foreach (var (parameterName, p) in NamedParameters())
        {
            if (parameterName == name)
            {
                return [p];
            }
        }

        throw new ArgumentException(
            $"{what}: the {TypeName} has no sub-module or parameter named '{name}'; its sub-modules are {ListOrNone(NamedModules().Select(m => m.Key).Where(k => k.Length > 0))} and its parameters {ListOrNone(NamedParameters().Select(p => p.Key))}",
            nameof(name));
    }

    /// <summary>
    /// Puts <paramref name="module"/> in the place of the child called <paramref name="name"/>, keeping its
    /// position (so a new head stays last), and returns the child it replaced.
    /// </summary>
    protected ModuleBase ReplaceModule(string name, ModuleBase module)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(module);
        if (!_children.TryGetValue(name, out var old))
        {
            throw new ArgumentException($"{TypeName}: there is no child named '{name}' to replace; the children are {ListOrNone(_children.Keys)}", nameof(name));
        }

        _children[name] = module;
        return old;
    }

    private static string ListOrNone(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "(none)" : list;
    }

    /// <summary>
    /// Runs <paramref name="run"/> with some parameters or buffers temporarily replaced by the given tensors,
    /// then restores them: the body of <see cref="Module{TIn, TOut}.FunctionalCall"/>.
    /// </summary>
    internal TResult WithTensors<TResult>(IReadOnlyDictionary<string, Tensor> tensors, Func<TResult> run)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(run);
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

            return run();
        }
        finally
        {
            for (var i = saved.Count - 1; i >= 0; i--)
            {
                saved[i].Registry[saved[i].Name] = saved[i].Original;
            }
        }
    }

    /// <summary>Prints the module tree like PyTorch: <c>Sequential(\n  (0): Linear(in_features=784, out_features=30, bias=True)\n ...)</c>.</summary>
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

    /// <summary>
    /// The layer's settings, printed between its parentheses (PyTorch's <c>extra_repr</c>): for an
    /// <see cref="IConfigurable{TSelf, TConfig}"/> layer its config record with PyTorch's keys
    /// (<c>in_features=784, out_features=10, bias=True</c>), otherwise empty.
    /// </summary>
    protected virtual string ExtraRepr() => this is IConfigurable c ? LayerConfig.Format(c.Config) : string.Empty;

    /// <summary>
    /// Writes the settings needed to rebuild this layer from a model file (sizes, rates, flags). An
    /// <see cref="IConfigurable{TSelf, TConfig}"/> layer writes its config record; a user layer without one may
    /// override this and register a factory with <see cref="IO.Model.RegisterLayer(string, IO.LayerFactory)"/>.
    /// Children and tensors are saved separately.
    /// </summary>
    protected internal virtual void WriteConfig(ModuleConfig config)
    {
        if (this is IConfigurable c)
        {
            LayerConfig.Write(c.Config, config);
        }
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
        where T : ModuleBase
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

    /// <summary>The child at position <paramref name="index"/> in registration order.</summary>
    protected ModuleBase ChildAt(int index) => _children.GetAt(index).Value;

    /// <summary>The number of direct children.</summary>
    protected int ChildCount => _children.Count;

    /// <summary>Formats a count with thousands separators, as the printouts do.</summary>
    internal static string FormatCount(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Told, on this thread, of every module call made through <see cref="Module{TIn, TOut}.Call"/> and its output
    /// (used by <see cref="Summary"/> to see inside modules; the seed of forward hooks). Null when nobody listens.
    /// </summary>
    internal static Action<ModuleBase, object?>? CallObserver
    {
        get => t_callObserver;
        set => t_callObserver = value;
    }

    /// <summary>Limits, on this thread, how many tensor elements modules may allocate; null lifts the limit.</summary>
    internal static void SetAllocationBudget(long? elements)
    {
        t_budgetActive = elements.HasValue;
        t_allocationBudget = elements ?? 0;
    }

    /// <summary>
    /// Limits, on this thread, the tensors modules may allocate to one per element count given (a multiset: the file's tensors);
    /// null lifts the limit.
    /// </summary>
    internal static void SetAllocationSizes(IEnumerable<long>? elementCounts)
    {
        if (elementCounts is null)
        {
            t_allocationSizes = null;
            return;
        }

        t_allocationSizes = [];
        foreach (var n in elementCounts)
        {
            t_allocationSizes[n] = t_allocationSizes.GetValueOrDefault(n) + 1;
        }
    }

    private static Tensor Allocate(Shape shape)
    {
        if (t_budgetActive || t_allocationSizes is not null)
        {
            long n = 1;
            foreach (var d in shape)
            {
                n = d != 0 && n > long.MaxValue / d ? long.MaxValue : n * d;
            }

            if (t_allocationSizes is { } sizes)
            {
                if (sizes.GetValueOrDefault(n) == 0)
                {
                    throw new InvalidOperationException($"the architecture declares a tensor of shape {shape}, which no tensor of the file can fill");
                }

                sizes[n]--;
            }

            if (t_budgetActive && n > t_allocationBudget)
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

    private IEnumerable<KeyValuePair<string, Tensor>> Walk(Func<ModuleBase, OrderedDictionary<string, Tensor>> registry)
    {
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, t) in registry(module))
            {
                yield return new(Join(prefix, name), t);
            }
        }
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
