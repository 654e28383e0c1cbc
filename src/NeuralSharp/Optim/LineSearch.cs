using NeuralSharp.Autograd;

namespace NeuralSharp.Optim;

/// <summary>
/// Full-batch gradient descent with a line search over a fixed list of step sizes: each iteration
/// computes the gradient once, tries p − η∇L for every candidate η from the same starting point, and
/// keeps the one with the lowest loss.
/// </summary>
/// <example>
/// <code>
/// var search = new LineSearch(model.Parameters(), [1.0, 0.3, 0.1, 0.03, 0.01]);
/// for (var i = 0; i &lt; 100; i++)
/// {
///     var result = search.Step(() => lossFunction(model.Forward(x), y));
/// }
/// </code>
/// </example>
public sealed class LineSearch
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _start;
    private readonly double[] _stepSizes;

    /// <summary>Searches along the gradient of <paramref name="parameters"/> over <paramref name="stepSizes"/>.</summary>
    public LineSearch(IEnumerable<Tensor> parameters, IEnumerable<double> stepSizes)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(stepSizes);
        _parameters = [.. parameters.Where(p => p.RequiresGrad)];
        _stepSizes = [.. stepSizes];
        if (_stepSizes.Length == 0 || _stepSizes.Any(eta => !(eta > 0) || double.IsInfinity(eta)))
        {
            throw new ArgumentException($"line search: the step sizes must be a non-empty list of finite values > 0, got [{string.Join(", ", _stepSizes)}]", nameof(stepSizes));
        }

        // The starting point is kept in buffers allocated once, so every candidate starts from it.
        _start = Array.ConvertAll(_parameters, Tensor.ZerosLike);
    }

    /// <summary>The candidate step sizes, in the order they are tried.</summary>
    public IReadOnlyList<double> StepSizes => _stepSizes;

    /// <summary>
    /// Runs one iteration. <paramref name="loss"/> computes the scalar loss at the current parameters;
    /// it is called once with gradients recorded, then once per candidate without.
    /// </summary>
    /// <returns>
    /// The losses before and after and the step size kept; if no candidate lowers the loss the
    /// parameters stay where they were and the step size is 0.
    /// </returns>
    public LineSearchResult Step(Func<Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        foreach (var p in _parameters)
        {
            p.ZeroGrad();
        }

        var start = loss();
        start.Backward();
        var startLoss = start.ItemAsDouble();
        var bestLoss = startLoss;
        var bestStep = 0.0;
        using (GradMode.NoGrad())
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                _start[i].CopyFrom(_parameters[i]);
            }

            foreach (var eta in _stepSizes)
            {
                MoveTo(eta);
                var candidate = loss().ItemAsDouble();

                // A NaN loss never compares as better, so a diverging step is never kept.
                if (candidate < bestLoss)
                {
                    bestLoss = candidate;
                    bestStep = eta;
                }
            }

            MoveTo(bestStep);
        }

        return new LineSearchResult(startLoss, bestLoss, bestStep);
    }

    private void MoveTo(double eta)
    {
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            p.CopyFrom(_start[i]);
            if (eta != 0 && p.Grad is { } g)
            {
                p.AddInPlace(g, -eta);
            }
        }
    }
}

/// <summary>The outcome of one <see cref="LineSearch.Step"/>.</summary>
/// <param name="LossBefore">The loss at the starting point.</param>
/// <param name="Loss">The loss at the point kept.</param>
/// <param name="StepSize">The step size kept, or 0 when no candidate lowered the loss.</param>
public readonly record struct LineSearchResult(double LossBefore, double Loss, double StepSize);
