using System.Numerics.Tensors;

namespace NeuralSharp.Diagnostics;

/// <summary>Reads a tensor's elements as doubles into buffers that are reused, so that diagnostics make no garbage once warm.</summary>
internal sealed class TensorValues
{
    private float[] _singles = [];
    private double[] _values = [];

    /// <summary>The number of values the last <see cref="Read"/> returned.</summary>
    public int Count { get; private set; }

    /// <summary>The values the last <see cref="Read"/> returned.</summary>
    public ReadOnlySpan<double> Last => _values.AsSpan(0, Count);

    public ReadOnlySpan<double> Read(Tensor t)
    {
        using (Autograd.GradMode.NoGrad())
        {
            var dense = t.Contiguous();
            Count = dense.Count;
            if (_values.Length < Count)
            {
                _values = new double[Count];
            }

            var values = _values.AsSpan(0, Count);
            if (dense.DType == DType.Float64)
            {
                dense.Backend.Download(dense, values);
            }
            else
            {
                if (_singles.Length < Count)
                {
                    _singles = new float[Count];
                }

                var singles = _singles.AsSpan(0, Count);
                dense.Backend.Download(dense, singles);
                TensorPrimitives.ConvertChecked<float, double>(singles, values);
            }

            return values;
        }
    }
}
