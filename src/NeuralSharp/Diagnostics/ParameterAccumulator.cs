using System.Numerics.Tensors;

namespace NeuralSharp.Diagnostics;

/// <summary>Sums one parameter's gradient norms and update-to-weight ratios over the steps of an epoch.</summary>
internal sealed class ParameterAccumulator(string name, Tensor parameter)
{
    private readonly TensorValues _gradient = new();
    private TensorValues _before = new();
    private TensorValues _after = new();
    private double[] _update = [];
    private bool _hasBefore;
    private double _ratioSum;
    private int _steps;
    private double _gradientNormSum;
    private int _gradientSteps;

    /// <summary>Remembers the values before the first step.</summary>
    public void Begin()
    {
        _before.Read(parameter);
        _hasBefore = true;
    }

    /// <summary>Measures a step just taken: the gradient it used and how far it moved the parameter.</summary>
    public void AfterStep()
    {
        if (parameter.Grad is { } grad)
        {
            _gradientNormSum += TensorPrimitives.Norm(_gradient.Read(grad));
            _gradientSteps++;
        }

        var after = _after.Read(parameter);
        if (_hasBefore)
        {
            var before = _before.Last;
            var norm = TensorPrimitives.Norm(before);
            _ratioSum += norm > 0 ? TensorPrimitives.Distance(before, after) / norm : 0;
            _steps++;
            if (_update.Length != after.Length)
            {
                _update = new double[after.Length];
            }

            TensorPrimitives.Subtract(after, before, _update);
        }

        (_before, _after) = (_after, _before);
        _hasBefore = true;
    }

    /// <summary>The epoch's statistics; the sums start again for the next epoch.</summary>
    public ParameterStatistics Finish(int bins)
    {
        var weights = _before.Read(parameter);
        var statistics = new ParameterStatistics(
            name,
            TensorPrimitives.Norm(weights),
            _gradientSteps == 0 ? 0 : _gradientNormSum / _gradientSteps,
            _steps == 0 ? 0 : _ratioSum / _steps,
            Histogram.Of(weights, bins),
            _gradientSteps == 0 ? null : Histogram.Of(_gradient.Last, bins))
        {
            Updates = _steps == 0 ? null : Histogram.Of(_update, bins),
        };
        _ratioSum = _gradientNormSum = 0;
        _steps = _gradientSteps = 0;
        return statistics;
    }
}
