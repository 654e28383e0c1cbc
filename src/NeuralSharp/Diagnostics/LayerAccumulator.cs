using System.Numerics.Tensors;
using NeuralSharp.Nn;

namespace NeuralSharp.Diagnostics;

/// <summary>Sums one layer's output and gradient statistics over the batches of an epoch.</summary>
internal sealed class LayerAccumulator(string name, Module module, bool isActivation)
{
    private readonly TensorValues _activations = new();
    private readonly TensorValues _gradients = new();
    private readonly TensorValues _inputGradients = new();
    private long _count;
    private long _positive;
    private double _sum;
    private double _sumOfSquares;
    private bool[] _everPassed = [];
    private bool _sawInputGradient;
    private double _gradientNormSum;
    private int _gradientBatches;

    public string Name => name;

    public Module Module => module;

    public void AddOutput(Tensor output)
    {
        var values = _activations.Read(output);
        _count += values.Length;
        _sum += TensorPrimitives.Sum(values);
        _sumOfSquares += TensorPrimitives.SumOfSquares(values);

        for (var i = 0; i < values.Length; i++)
        {
            _positive += values[i] > 0 ? 1 : 0;
        }
    }

    public void AddGradient(Tensor? gradInput, Tensor gradOutput)
    {
        var values = _gradients.Read(gradOutput);
        _gradientNormSum += Math.Sqrt(TensorPrimitives.SumOfSquares(values));
        _gradientBatches++;
        if (isActivation && gradInput is not null)
        {
            MarkUnitsThatPassed(gradInput);
        }
    }

    // A unit is a feature (dimension 1) of every example, or a channel of every pixel of an image. It is dead when its
    // activation passed no gradient back on any example: what kills a ReLU for good, and what leaky ReLU and ELU avoid.
    private void MarkUnitsThatPassed(Tensor gradInput)
    {
        var values = _inputGradients.Read(gradInput);
        var units = gradInput.Rank >= 2 ? gradInput.Shape[1] : 1;
        var inner = units == 1 ? 1 : values.Length / gradInput.Shape[0] / units;
        if (_everPassed.Length != units)
        {
            _everPassed = new bool[units];
        }

        _sawInputGradient = true;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                _everPassed[units == 1 ? 0 : i / inner % units] = true;
            }
        }
    }

    /// <summary>The epoch's statistics; the sums start again for the next epoch.</summary>
    public LayerStatistics Finish(int bins)
    {
        var mean = _count == 0 ? 0 : _sum / _count;
        var variance = _count == 0 ? 0 : Math.Max(0, (_sumOfSquares / _count) - (mean * mean));
        double? dead = _sawInputGradient ? _everPassed.Count(a => !a) / (double)_everPassed.Length : null;
        var statistics = new LayerStatistics(
            name,
            module.TypeName,
            isActivation,
            mean,
            Math.Sqrt(variance),
            _count == 0 ? 0 : _positive / (double)_count,
            dead,
            _gradientBatches == 0 ? 0 : _gradientNormSum / _gradientBatches,
            Histogram.Of(_activations.Last, bins),
            _gradientBatches == 0 ? null : Histogram.Of(_gradients.Last, bins));
        _count = _positive = 0;
        _sum = _sumOfSquares = _gradientNormSum = 0;
        _gradientBatches = 0;
        Array.Clear(_everPassed);
        _sawInputGradient = false;
        return statistics;
    }
}
