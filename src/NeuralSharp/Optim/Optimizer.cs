using System.Globalization;
using NeuralSharp.Autograd;

namespace NeuralSharp.Optim;

/// <summary>
/// Updates parameters from their gradients (PyTorch's <c>torch.optim.Optimizer</c>). The optimiser
/// sees only tensors, never a model: pass <c>model.Parameters()</c> or explicit
/// <see cref="ParameterGroup"/>s.
/// </summary>
/// <example>
/// <code>
/// var optimizer = new Adam(model.Parameters(), learningRate: 1e-3);
/// for (var epoch = 0; epoch &lt; 10; epoch++)
/// {
///     optimizer.ZeroGrad();
///     var loss = lossFunction(model.Forward(x), y);
///     loss.Backward();
///     optimizer.Step();
/// }
/// </code>
/// </example>
/// <remarks>
/// A derived optimiser names its per-parameter buffers in <see cref="StateNames"/> and writes one fused
/// pass over a parameter in <see cref="Update"/>. State is created the first time a parameter has a
/// gradient; after that <see cref="Step"/> allocates nothing.
/// </remarks>
public abstract class Optimizer
{
    private readonly ParameterGroup[] _groups;
    private readonly Tensor[] _parameters;
    private readonly ParameterState?[] _states;
    private string[]? _stateNames;

    /// <summary>Optimises one group of <paramref name="parameters"/>.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate, double weightDecay)
        : this([new ParameterGroup(parameters)], learningRate, weightDecay)
    {
    }

    /// <summary>Optimises <paramref name="groups"/>; groups without their own rate or decay take these defaults.</summary>
    protected Optimizer(IEnumerable<ParameterGroup> groups, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(groups);
        CheckNonNegative(learningRate, "learning rate");
        CheckNonNegative(weightDecay, "weight decay");
        _groups = [.. groups];
        if (_groups.Length == 0)
        {
            throw new ArgumentException($"{GetType().Name}: got no parameter groups", nameof(groups));
        }

        var all = new List<Tensor>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var group in _groups)
        {
            if (!group.HasLearningRate)
            {
                group.LearningRate = learningRate;
            }

            if (!group.HasWeightDecay)
            {
                group.WeightDecay = weightDecay;
            }

            foreach (var p in group.ParameterArray)
            {
                ArgumentNullException.ThrowIfNull(p, nameof(groups));
                if (!seen.Add(p))
                {
                    throw new ArgumentException($"{GetType().Name}: parameter {Describe(p, all.Count)} appears more than once", nameof(groups));
                }

                // The fused updates work on the dense buffer; a strided view would need a copy every step.
                if (!p.IsContiguous)
                {
                    throw new ArgumentException($"{GetType().Name}: parameter {Describe(p, all.Count)} is a non-contiguous view; optimise the tensor it views", nameof(groups));
                }

                all.Add(p);
            }
        }

        _parameters = [.. all];
        _states = new ParameterState?[_parameters.Length];
    }

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<ParameterGroup> ParameterGroups => _groups;

    /// <summary>
    /// The learning rate of the first group; setting it sets every group's rate (use
    /// <see cref="ParameterGroup.LearningRate"/> to change one group).
    /// </summary>
    public double LearningRate
    {
        get => _groups[0].LearningRate;
        set
        {
            foreach (var group in _groups)
            {
                group.LearningRate = value;
            }
        }
    }

    /// <summary>
    /// The names of the per-parameter buffers this optimiser keeps (PyTorch's state keys, e.g.
    /// <c>exp_avg</c>), in the order <see cref="ParameterState.Buffers"/> holds them.
    /// </summary>
    public IReadOnlyList<string> StateNames => _stateNames ??= CreateStateNames();

    /// <summary>The state of the parameter at <paramref name="index"/> (counting through all groups), or null before its first update.</summary>
    public ParameterState? GetState(int index) => _states[index];

    /// <summary>
    /// Applies one update to every parameter that requires gradients and has one; parameters whose
    /// <see cref="Tensor.Grad"/> is null, or that are frozen, are left as they are.
    /// </summary>
    public void Step()
    {
        using (GradMode.NoGrad())
        {
            var index = 0;
            foreach (var group in _groups)
            {
                foreach (var p in group.ParameterArray)
                {
                    var i = index++;
                    if (!p.RequiresGrad || p.Grad is not { } grad)
                    {
                        continue;
                    }

                    if (grad.DType != p.DType || grad.Count != p.Count || !grad.IsContiguous)
                    {
                        throw new InvalidOperationException($"{GetType().Name}: the gradient of parameter {Describe(p, i)} ({grad.DType}, {grad.Shape}) does not match it ({p.DType}, {p.Shape}) or is not dense");
                    }

                    var state = _states[i] ??= NewState(p);
                    state.Step++;
                    Update(p, grad, state, group);
                }
            }
        }
    }

    /// <summary>Zeroes the gradients of all parameters, keeping their buffers (no allocation).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>
    /// A copy of everything needed to resume training: per-parameter buffers named
    /// <c>state.{index}.{name}</c> and <c>state.{index}.step</c>, and the hyper-parameters as metadata.
    /// </summary>
    public OptimizerState StateDict()
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < _states.Length; i++)
        {
            if (_states[i] is not { } state)
            {
                continue;
            }

            tensors[$"state.{i}.step"] = Tensor.Scalar(state.Step, DType.Float64);
            for (var b = 0; b < StateNames.Count; b++)
            {
                tensors[$"state.{i}.{StateNames[b]}"] = state[b].Clone();
            }
        }

        return new OptimizerState(tensors, DescribeConfiguration());
    }

    /// <summary>
    /// Restores a <see cref="StateDict"/> taken from an optimiser of the same type over parameters of
    /// the same shapes: buffers, step counts and each group's learning rate and weight decay. Other
    /// hyper-parameters must match this optimiser's, since they are fixed at construction.
    /// </summary>
    public void LoadStateDict(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var expected = DescribeConfiguration();
        foreach (var (key, value) in expected)
        {
            if (IsGroupSetting(key))
            {
                continue;
            }

            if (!state.Metadata.TryGetValue(key, out var loaded) || loaded != value)
            {
                throw new ArgumentException($"load_state_dict: '{key}' is {(loaded is null ? "missing" : $"'{loaded}'")} in the state, but '{value}' in this optimiser", nameof(state));
            }
        }

        var rates = new double[_groups.Length];
        var decays = new double[_groups.Length];
        for (var g = 0; g < _groups.Length; g++)
        {
            rates[g] = ReadDouble(state, $"param_groups.{g}.lr");
            decays[g] = ReadDouble(state, $"param_groups.{g}.weight_decay");
        }

        // Build everything before touching this optimiser, so that a bad state leaves it unchanged.
        var states = new ParameterState?[_states.Length];
        foreach (var (key, value) in state.Tensors)
        {
            if (!key.StartsWith("state.", StringComparison.Ordinal) || !key.EndsWith(".step", StringComparison.Ordinal))
            {
                continue;
            }

            var text = key["state.".Length..^".step".Length];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= _parameters.Length)
            {
                throw new ArgumentException($"load_state_dict: '{key}' names no parameter of this optimiser (it has {_parameters.Length})", nameof(state));
            }

            var p = _parameters[i];
            var restored = NewState(p);
            restored.Step = checked((long)value.ItemAsDouble());
            for (var b = 0; b < StateNames.Count; b++)
            {
                var name = $"state.{i}.{StateNames[b]}";
                if (!state.Tensors.TryGetValue(name, out var buffer))
                {
                    throw new ArgumentException($"load_state_dict: '{name}' is missing", nameof(state));
                }

                if (buffer.Shape != p.Shape)
                {
                    throw new ArgumentException($"load_state_dict: '{name}' has shape {buffer.Shape}, but parameter {Describe(p, i)} has {p.Shape}", nameof(state));
                }

                restored[b].CopyFrom(buffer);
            }

            states[i] = restored;
        }

        for (var g = 0; g < _groups.Length; g++)
        {
            _groups[g].LearningRate = rates[g];
            _groups[g].WeightDecay = decays[g];
        }

        states.CopyTo(_states, 0);
    }

    /// <summary>The buffer names for <see cref="StateNames"/>; called once, after construction.</summary>
    protected abstract string[] CreateStateNames();

    /// <summary>Sets up a new state's buffers, which start at zero (AdaGrad starts its sum elsewhere).</summary>
    protected virtual void InitializeState(Tensor parameter, ParameterState state)
    {
    }

    /// <summary>
    /// Updates one parameter in place from <paramref name="gradient"/> (same type and size, dense).
    /// Runs under <see cref="GradMode.NoGrad"/> after <see cref="ParameterState.Step"/> was incremented.
    /// </summary>
    protected abstract void Update(Tensor parameter, Tensor gradient, ParameterState state, ParameterGroup group);

    /// <summary>Adds this optimiser's fixed hyper-parameters (PyTorch's names) to the state metadata.</summary>
    protected abstract void DescribeHyperparameters(IDictionary<string, string> metadata);

    /// <summary>Formats a number so that it reads back to the same double.</summary>
    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static void CheckNonNegative(double value, string what)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"invalid {what}: {value} (must be finite and >= 0)");
        }
    }

    internal static void CheckInRange(double value, double low, double high, string what)
    {
        if (!(value >= low && value < high))
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"invalid {what}: {value} (must be in [{low}, {high}))");
        }
    }

    private static bool IsGroupSetting(string key) =>
        key.StartsWith("param_groups.", StringComparison.Ordinal)
        && (key.EndsWith(".lr", StringComparison.Ordinal) || key.EndsWith(".weight_decay", StringComparison.Ordinal));

    private static double ReadDouble(OptimizerState state, string key) =>
        state.Metadata.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"load_state_dict: '{key}' is missing or not a number", nameof(state));

    private static string Describe(Tensor p, int index) => p.Name is { } name ? $"{index} ('{name}')" : index.ToString(CultureInfo.InvariantCulture);

    private ParameterState NewState(Tensor p)
    {
        var buffers = new Tensor[StateNames.Count];
        for (var b = 0; b < buffers.Length; b++)
        {
            buffers[b] = Tensor.ZerosLike(p);
        }

        var state = new ParameterState(buffers);
        InitializeState(p, state);
        return state;
    }

    private Dictionary<string, string> DescribeConfiguration()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["optimizer"] = GetType().Name,
            ["param_groups"] = _groups.Length.ToString(CultureInfo.InvariantCulture),
        };
        var index = 0;
        for (var g = 0; g < _groups.Length; g++)
        {
            var count = _groups[g].Parameters.Count;
            metadata[$"param_groups.{g}.params"] = string.Join(",", Enumerable.Range(index, count));
            metadata[$"param_groups.{g}.lr"] = Format(_groups[g].LearningRate);
            metadata[$"param_groups.{g}.weight_decay"] = Format(_groups[g].WeightDecay);
            index += count;
        }

        DescribeHyperparameters(metadata);
        return metadata;
    }
}
