namespace NeuralSharp.Data;

/// <summary>
/// Splits a data set into mini-batches, optionally shuffled by a seeded generator each epoch
/// (PyTorch's <c>DataLoader</c>). Iterations per epoch = ceil(count / batch size): the last partial
/// batch is kept unless <see cref="DropLast"/> is set.
/// </summary>
/// <example>
/// <code>
/// var loader = new DataLoader(train, batchSize: 64, shuffle: true, generator: new Generator(1));
/// foreach (var batch in loader) { ... }
/// </code>
/// </example>
public sealed class DataLoader : IEnumerable<Batch>
{
    private readonly IDataset _dataset;
    private readonly Generator _generator;
    private readonly int[] _order;
    private Batch? _fullBatch;
    private Batch? _lastBatch;
    private int _epoch;

    /// <summary>Creates a loader over <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The examples.</param>
    /// <param name="batchSize">Examples per batch (1 is online learning, the data set size is full-batch gradient descent).</param>
    /// <param name="shuffle">Draw a new random order at the start of every epoch.</param>
    /// <param name="generator">The random source for shuffling; a fixed seed gives the same batches every run.</param>
    /// <param name="dropLast">Skip the last batch when it is smaller than <paramref name="batchSize"/>.</param>
    public DataLoader(IDataset dataset, int batchSize, bool shuffle = false, Generator? generator = null, bool dropLast = false)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"data loader: batch size must be at least 1, got {batchSize}");
        }

        _dataset = dataset;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        _generator = generator ?? Generator.Default;
        _order = new int[dataset.Count];
    }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the examples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a final partial batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>
    /// Reuse the batch tensors from one iteration to the next instead of allocating new ones: a
    /// batch is then valid only until the loop moves on (Clone() it to keep it). Off by default.
    /// </summary>
    public bool ReuseBuffers { get; init; }

    /// <summary>A transform applied to every batch (augmentation, normalisation).</summary>
    public Func<Batch, Batch>? Transform { get; init; }

    /// <summary>
    /// The epoch the next pass will be (0 for the first); each enumeration starts by handing it to an
    /// <see cref="IEpochAware"/> data set (so augmentation draws anew) and then advances it. Set it to resume a run.
    /// </summary>
    public int Epoch
    {
        get => _epoch;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _epoch = value;
        }
    }

    /// <summary>The number of examples.</summary>
    public int ExampleCount => _dataset.Count;

    /// <summary>Iterations per epoch: data set size / batch size, rounded up unless <see cref="DropLast"/>.</summary>
    public int BatchCount => DropLast ? _dataset.Count / BatchSize : (_dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Iterates over one epoch.</summary>
    public IEnumerator<Batch> GetEnumerator()
    {
        if (_dataset is IEpochAware epochAware)
        {
            epochAware.SetEpoch(_epoch);
        }

        _epoch++;
        for (var i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        if (Shuffle)
        {
            _generator.Shuffle(_order.AsSpan());
        }

        for (var b = 0; b < BatchCount; b++)
        {
            var start = b * BatchSize;
            var size = Math.Min(BatchSize, _order.Length - start);
            var indices = new ReadOnlyMemory<int>(_order, start, size);
            Batch batch;
            if (ReuseBuffers && _dataset is IBatchReuse reusable)
            {
                var full = size == BatchSize;
                batch = reusable.GetBatch(indices.Span, full ? _fullBatch : _lastBatch);
                if (full)
                {
                    _fullBatch = batch;
                }
                else
                {
                    _lastBatch = batch;
                }
            }
            else
            {
                batch = _dataset.GetBatch(indices.Span);
            }

            yield return Transform is null ? batch : Transform(batch);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
