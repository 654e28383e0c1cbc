namespace NeuralSharp.Optim;

/// <summary>
/// A set of parameters that share a learning rate and weight decay inside one optimiser (PyTorch's
/// <c>param_groups</c> entry), e.g. to train a pretrained body slower than a new head.
/// </summary>
/// <example>
/// <code>
/// var optimizer = new SGD([
///     new ParameterGroup(body, learningRate: 1e-4),
///     new ParameterGroup(head),                     // takes the optimiser's learning rate
/// ], learningRate: 1e-2, momentum: 0.9);
/// </code>
/// </example>
public sealed class ParameterGroup
{
    private readonly Tensor[] _parameters;
    private double _learningRate;
    private double _weightDecay;

    /// <summary>Groups <paramref name="parameters"/>; a null rate or decay means "the optimiser's default".</summary>
    public ParameterGroup(IEnumerable<Tensor> parameters, double? learningRate = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = [.. parameters];
        if (learningRate is { } lr)
        {
            LearningRate = lr;
            HasLearningRate = true;
        }

        if (weightDecay is { } wd)
        {
            WeightDecay = wd;
            HasWeightDecay = true;
        }
    }

    /// <summary>The parameters, in the order their optimiser state is numbered.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>The step size for this group; schedulers change it between steps.</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            Optimizer.CheckNonNegative(value, "learning rate");
            _learningRate = value;
        }
    }

    /// <summary>The weight decay (L2 penalty, or decoupled decay for AdamW) for this group.</summary>
    public double WeightDecay
    {
        get => _weightDecay;
        set
        {
            Optimizer.CheckNonNegative(value, "weight decay");
            _weightDecay = value;
        }
    }

    internal bool HasLearningRate { get; }

    internal bool HasWeightDecay { get; }

    // The optimiser reads the parameters through an array so that Step enumerates without allocating.
    internal Tensor[] ParameterArray => _parameters;
}
