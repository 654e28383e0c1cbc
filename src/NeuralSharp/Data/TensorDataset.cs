namespace NeuralSharp.Data;

/// <summary>
/// Examples held in memory as tensors whose first dimension indexes the example (PyTorch's
/// <c>TensorDataset</c>), with targets as a tensor or as integer class labels.
/// </summary>
public sealed class TensorDataset : IDataset, IBatchReuse
{
    private readonly Tensor _inputs;
    private readonly Tensor? _targets;
    private readonly int[]? _labels;

    /// <summary>A data set of inputs with target tensors (same first dimension).</summary>
    public TensorDataset(Tensor inputs, Tensor targets)
        : this(inputs, targets, null)
    {
    }

    /// <summary>A data set of inputs with one integer class label per example.</summary>
    public TensorDataset(Tensor inputs, int[] labels)
        : this(inputs, null, labels)
    {
    }

    /// <summary>A data set with target tensors and class labels both (e.g. one-hot targets for a quadratic cost, labels for accuracy).</summary>
    public TensorDataset(Tensor inputs, Tensor? targets, int[]? labels)
    {
        if (inputs.Rank == 0)
        {
            throw new ArgumentException("dataset: inputs must have a first dimension that indexes examples, got a scalar");
        }

        var n = inputs.Shape[0];
        if (targets is not null && (targets.Rank == 0 || targets.Shape[0] != n))
        {
            throw new ArgumentException($"dataset: inputs {inputs.Shape} and targets {targets.Shape} hold different numbers of examples");
        }

        if (labels is not null && labels.Length != n)
        {
            throw new ArgumentException($"dataset: inputs {inputs.Shape} hold {n} examples but there are {labels.Length} labels");
        }

        _inputs = inputs.Detach().Contiguous();
        _targets = targets?.Detach().Contiguous();
        _labels = labels;
    }

    /// <inheritdoc />
    public int Count => _inputs.Shape[0];

    /// <summary>All inputs.</summary>
    public Tensor Inputs => _inputs;

    /// <summary>All target tensors, if the data set has them.</summary>
    public Tensor? Targets => _targets;

    /// <summary>All class labels, if the data set has them.</summary>
    public int[]? Labels => _labels;

    /// <inheritdoc />
    public Batch GetBatch(ReadOnlySpan<int> indices)
    {
        var inputs = Gather(_inputs, indices, null);
        var targets = _targets is null ? null : Gather(_targets, indices, null);
        return new Batch(inputs, targets, GatherLabels(indices, null));
    }

    /// <summary>Like <see cref="GetBatch(ReadOnlySpan{int})"/>, but writes into the tensors of <paramref name="reuse"/> when their shapes fit, so that a warm loop allocates no new buffers.</summary>
    internal Batch GetBatch(ReadOnlySpan<int> indices, Batch? reuse)
    {
        var inputs = Gather(_inputs, indices, reuse?.Inputs);
        var targets = _targets is null ? null : Gather(_targets, indices, reuse?.Targets);
        var labels = GatherLabels(indices, reuse?.Labels);
        return reuse is not null && ReferenceEquals(inputs, reuse.Inputs) && ReferenceEquals(targets, reuse.Targets) && ReferenceEquals(labels, reuse.Labels)
            ? reuse
            : new Batch(inputs, targets, labels);
    }

    /// <inheritdoc cref="IBatchReuse.GetBatch" />
    Batch IBatchReuse.GetBatch(ReadOnlySpan<int> indices, Batch? reuse) => GetBatch(indices, reuse);

    private static Tensor Gather(Tensor source, ReadOnlySpan<int> indices, Tensor? into)
    {
        var dims = source.Shape.ToArray();
        dims[0] = indices.Length;
        var result = into is not null && into.Shape == new Shape(dims) && into.DType == source.DType ? into : Tensor.Zeros(dims, source.DType);
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)source.Shape[0])
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"dataset: example {i} is out of range [0, {source.Shape[0]})");
            }
        }

        result.Backend.IndexSelect(source, 0, indices, result);
        return result;
    }

    private int[]? GatherLabels(ReadOnlySpan<int> indices, int[]? into)
    {
        if (_labels is null)
        {
            return null;
        }

        var result = into is not null && into.Length == indices.Length ? into : new int[indices.Length];
        for (var k = 0; k < indices.Length; k++)
        {
            result[k] = _labels[indices[k]];
        }

        return result;
    }
}
