namespace NeuralSharp.Data.Transforms;

/// <summary>
/// A data set whose images pass through a transform each time a batch is drawn (a torchvision data set
/// with <c>transform=</c>): the wrapped examples are flat rows (or C x H x W blocks) of one
/// <see cref="ImageShape"/>; targets and labels pass through unchanged. Each example's random draws
/// depend only on <see cref="Seed"/>, <see cref="Epoch"/> and its index, so the same seed gives the same
/// augmented batches whatever the batch order and thread count, and each epoch gives new ones;
/// <see cref="DataLoader"/> advances the epoch (see <see cref="IEpochAware"/>).
/// </summary>
/// <example>
/// <code>
/// var shape = ImageShape.Grey(28, 28);
/// var train = new TransformedDataset(mnist.ToTensorDataset(), shape,
///     new Compose(new RandomAffine(10, 0.9, 1.1), new RandomShift(2), new Normalize(0.1307, 0.3081)), seed: 1);
/// Trainer.Fit(model, loss, optimizer, train, options);
/// </code>
/// </example>
public sealed class TransformedDataset : IDataset, IEpochAware, IBatchReuse
{
    [ThreadStatic]
    private static float[]? scratch;

    private readonly IDataset _source;
    private float[] _host = [];
    private double[] _hostDouble = [];
    private int[] _indices = [];

    /// <summary>Wraps <paramref name="source"/>, transforming every image it yields.</summary>
    /// <param name="source">The examples.</param>
    /// <param name="shape">The layout of each example's input.</param>
    /// <param name="transform">The transform (a <see cref="Compose"/> for several).</param>
    /// <param name="seed">Fixes the random draws.</param>
    /// <exception cref="ArgumentException">The transform does not fit <paramref name="shape"/>, or the source's examples are not images of it.</exception>
    public TransformedDataset(IDataset source, ImageShape shape, IImageTransform transform, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(transform);
        if (shape.Size == 0)
        {
            throw new ArgumentException("transformed dataset: the image shape is empty (use new ImageShape(channels, rows, cols))", nameof(shape));
        }

        transform.CheckShape(shape);
        _source = source;
        Shape = shape;
        Transform = transform;
        Seed = seed;
        if (source.Count > 0)
        {
            CheckInputs(source.GetBatch([0]).Inputs, 1);
        }
    }

    /// <inheritdoc />
    public int Count => _source.Count;

    /// <summary>The layout of each example's image.</summary>
    public ImageShape Shape { get; }

    /// <summary>The transform applied to every image.</summary>
    public IImageTransform Transform { get; }

    /// <summary>The seed of the random draws.</summary>
    public int Seed { get; }

    /// <summary>The epoch whose draws the next batches use (0 until <see cref="SetEpoch"/> is called).</summary>
    public int Epoch { get; private set; }

    /// <inheritdoc />
    public void SetEpoch(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        Epoch = epoch;
    }

    /// <inheritdoc />
    public Batch GetBatch(ReadOnlySpan<int> indices) => GetBatch(indices, null);

    /// <inheritdoc cref="IBatchReuse.GetBatch" />
    Batch IBatchReuse.GetBatch(ReadOnlySpan<int> indices, Batch? reuse) => GetBatch(indices, reuse);

    private Batch GetBatch(ReadOnlySpan<int> indices, Batch? reuse)
    {
        // Batches of a reusing source are fresh tensors the caller owns, so they can be transformed in place.
        Batch batch;
        Tensor source, output;
        if (_source is IBatchReuse owned)
        {
            batch = owned.GetBatch(indices, reuse);
            source = output = batch.Inputs;
        }
        else
        {
            batch = _source.GetBatch(indices);
            source = batch.Inputs;
            output = Tensor.ZerosLike(source);
            batch = batch with { Inputs = output };
        }

        CheckInputs(source, indices.Length);
        var n = indices.Length;
        var size = Shape.Size;
        if (_host.Length < n * size)
        {
            _host = new float[n * size];
        }

        if (_indices.Length < n)
        {
            _indices = new int[n];
        }

        indices.CopyTo(_indices);
        var values = _host.AsSpan(0, n * size);
        Download(source, values);
        var work = new Work(_host, _indices, Shape, Transform, Seed, Epoch);
        Parallelism.For(n, Parallelism.ThreadCount, ref work);
        Upload(values, output);
        return batch;
    }

    private void CheckInputs(Tensor inputs, int n)
    {
        if (inputs.Rank == 0 || inputs.Shape[0] != n || inputs.Count != (long)n * Shape.Size)
        {
            throw new ArgumentException($"transformed dataset: examples of shape {inputs.Shape} are not images of {Shape} ({Shape.Size} values each)");
        }

        if (inputs.DType is not (DType.Float32 or DType.Float64))
        {
            throw new ArgumentException($"transformed dataset: inputs of type {inputs.DType} cannot be transformed");
        }
    }

    private void Download(Tensor source, Span<float> values)
    {
        var dense = source.Dense();
        if (dense.DType == DType.Float32)
        {
            dense.Backend.Download<float>(dense, values);
            return;
        }

        var doubles = HostDouble(values.Length);
        dense.Backend.Download<double>(dense, doubles);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)doubles[i];
        }
    }

    private void Upload(ReadOnlySpan<float> values, Tensor output)
    {
        if (output.DType == DType.Float32)
        {
            output.Backend.Upload(values, output);
            return;
        }

        var doubles = HostDouble(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            doubles[i] = values[i];
        }

        output.Backend.Upload<double>(doubles, output);
    }

    private Span<double> HostDouble(int length)
    {
        if (_hostDouble.Length < length)
        {
            _hostDouble = new double[length];
        }

        return _hostDouble.AsSpan(0, length);
    }

    // One item per example: its own random stream and, per thread, one scratch buffer reused across batches.
    private readonly struct Work(float[] host, int[] indices, ImageShape shape, IImageTransform transform, int seed, int epoch) : IParallelWork
    {
        public void Run(int index)
        {
            var size = shape.Size;
            var buffer = scratch;
            if (buffer is null || buffer.Length < size)
            {
                buffer = scratch = new float[size];
            }

            var random = new TransformRandom(seed, epoch, indices[index]);
            transform.Apply(host.AsSpan(index * size, size), buffer.AsSpan(0, size), shape, ref random);
        }
    }
}
