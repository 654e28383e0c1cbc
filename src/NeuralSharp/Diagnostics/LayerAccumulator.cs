using System.Numerics.Tensors;
using NeuralSharp.Nn;

namespace NeuralSharp.Diagnostics;

/// <summary>Sums one layer's output and gradient statistics over the batches of an epoch.</summary>
internal sealed class LayerAccumulator(string name, Module module, bool isActivation)
{
    private readonly TensorValues _activations = new();
    private readonly TensorValues _gradients = new();
    private long _count;
    private long _positive;
    private double _sum;
    private double _sumOfSquares;
    private bool[] _everActive = [];
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

        // A unit is a feature (dimension 1) of every example, or a channel of every pixel of an image.
        var units = output.Rank >= 2 ? output.Shape[1] : 1;
        var inner = units == 1 ? values.Length : values.Length / output.Shape[0] / units;
        if (_everActive.Length != units)
        {
            _everActive = new bool[units];
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > 0)
            {
                _positive++;
                _everActive[units == 1 ? 0 : i / inner % units] = true;
            }
        }
    }

    public void AddGradient(Tensor gradient)
    {
        var values = _gradients.Read(gradient);
        _gradientNormSum += Math.Sqrt(TensorPrimitives.SumOfSquares(values));
        _gradientBatches++;
    }

    /// <summary>The epoch's statistics; the sums start again for the next epoch.</summary>
    public LayerStatistics Finish(int bins)
    {
        var mean = _count == 0 ? 0 : _sum / _count;
        var variance = _count == 0 ? 0 : Math.Max(0, (_sumOfSquares / _count) - (mean * mean));
        var dead = _everActive.Length == 0 ? 0 : _everActive.Count(a => !a) / (double)_everActive.Length;
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
        Array.Clear(_everActive);
        return statistics;
    }
}
