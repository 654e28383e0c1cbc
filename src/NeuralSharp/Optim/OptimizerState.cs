using NeuralSharp.IO;

namespace NeuralSharp.Optim;

/// <summary>
/// An optimiser's saved state (PyTorch's <c>optimizer.state_dict()</c>): named tensors and string
/// metadata, which maps directly onto a safetensors file.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>Wraps <paramref name="tensors"/> and <paramref name="metadata"/> (not copied).</summary>
    public OptimizerState(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Per-parameter buffers and step counts, e.g. <c>state.0.exp_avg</c>, <c>state.0.step</c>.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The optimiser's type, group layout and hyper-parameters, e.g. <c>param_groups.0.lr</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Writes the state to a safetensors file (atomically, like every safetensors write).</summary>
    public void Save(string path)
    {
        var entries = new List<SafeTensorsEntry>(Tensors.Count);
        foreach (var (name, tensor) in Tensors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var shape = Array.ConvertAll(tensor.Shape.ToArray(), d => (long)d);
            entries.Add(tensor.DType == DType.Float32
                ? SafeTensorsEntry.FromSingles(name, shape, tensor.ToArray())
                : SafeTensorsEntry.FromDoubles(name, shape, tensor.ToDoubleArray()));
        }

        SafeTensorsFile.Write(path, entries, Metadata);
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    public static OptimizerState Load(string path)
    {
        var content = SafeTensorsFile.Read(path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in content.Entries)
        {
            var shape = Array.ConvertAll(entry.GetShape(), d => checked((int)d));
            tensors[entry.Name] = entry.DType switch
            {
                SafeTensorsDType.Float32 => Tensor.FromArray(entry.ToSingles(), shape),
                SafeTensorsDType.Float64 => Tensor.FromArray(entry.ToDoubles(), shape),
                _ => throw new ModelFormatException($"optimizer state: '{entry.Name}' has type {entry.DType}; only F32 and F64 are used"),
            };
        }

        return new OptimizerState(tensors, new Dictionary<string, string>(content.Metadata, StringComparer.Ordinal));
    }
}
