namespace NeuralSharp.IO;

/// <summary>
/// One named tensor of a safetensors file, kept as raw bytes: its dtype name, its shape and its
/// little-endian, row-major data.
/// </summary>
/// <remarks>
/// The constructor checks that the data length matches the shape and dtype, so every instance can be
/// written. The data is not copied: mutating the array passed in changes the entry.
/// </remarks>
public sealed class SafeTensorsEntry
{
    private readonly long[] _shape;

    /// <summary>Creates an entry from raw little-endian bytes.</summary>
    /// <param name="name">The tensor name; any string except <c>"__metadata__"</c>, which the format reserves.</param>
    /// <param name="dtype">A dtype name supported by <see cref="SafeTensorsDType"/>, for example <c>"F32"</c>.</param>
    /// <param name="shape">The dimensions, outermost first; empty for a scalar. Each must be non-negative. Copied.</param>
    /// <param name="data">The elements in row-major order, little-endian; exactly (product of <paramref name="shape"/>) times the element size bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="dtype"/> or <paramref name="shape"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is reserved, the dtype is unsupported, a dimension is negative, or the data length does not match.</exception>
    public SafeTensorsEntry(string name, string dtype, ReadOnlySpan<long> shape, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(dtype);
        if (name == SafeTensorsFile.MetadataKey)
        {
            throw new ArgumentException($"'{SafeTensorsFile.MetadataKey}' is reserved by the format and cannot name a tensor.", nameof(name));
        }

        if (!SafeTensorsDType.TryGetElementSize(dtype, out var elementSize))
        {
            throw new ArgumentException($"Tensor '{name}': unsupported dtype '{dtype}'.", nameof(dtype));
        }

        var expected = ComputeByteLength(shape, elementSize, out var problem);
        if (problem is not null)
        {
            throw new ArgumentException($"Tensor '{name}': {problem}", nameof(shape));
        }

        if (expected != data.Length)
        {
            throw new ArgumentException(
                $"Tensor '{name}': shape [{string.Join(", ", shape.ToArray())}] of {dtype} needs {expected} bytes but {data.Length} were given.",
                nameof(data));
        }

        Name = name;
        DType = dtype;
        _shape = shape.ToArray();
        Data = data;
    }

    /// <summary>The tensor name.</summary>
    public string Name { get; }

    /// <summary>The dtype name as written in the file, for example <c>"F32"</c>.</summary>
    public string DType { get; }

    /// <summary>The dimensions, outermost first; empty for a scalar.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    /// <summary>The raw little-endian element bytes in row-major order.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The number of elements (the product of the shape; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in _shape)
            {
                count *= dim;
            }

            return count;
        }
    }

    /// <summary>Returns a copy of the shape.</summary>
    /// <returns>A new array with the dimensions.</returns>
    public long[] GetShape() => (long[])_shape.Clone();

    /// <summary>Creates an <c>F32</c> entry from <paramref name="values"/>.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <returns>The new entry.</returns>
    /// <exception cref="ArgumentException">The shape does not match the number of values.</exception>
    public static SafeTensorsEntry FromSingles(string name, ReadOnlySpan<long> shape, ReadOnlySpan<float> values) =>
        new(name, SafeTensorsDType.Float32, shape, LittleEndianBytes.FromSingles(values));

    /// <summary>Creates an <c>F64</c> entry from <paramref name="values"/>.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <returns>The new entry.</returns>
    /// <exception cref="ArgumentException">The shape does not match the number of values.</exception>
    public static SafeTensorsEntry FromDoubles(string name, ReadOnlySpan<long> shape, ReadOnlySpan<double> values) =>
        new(name, SafeTensorsDType.Float64, shape, LittleEndianBytes.FromDoubles(values));

    /// <summary>Creates an <c>I32</c> entry from <paramref name="values"/>.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <returns>The new entry.</returns>
    /// <exception cref="ArgumentException">The shape does not match the number of values.</exception>
    public static SafeTensorsEntry FromInt32s(string name, ReadOnlySpan<long> shape, ReadOnlySpan<int> values) =>
        new(name, SafeTensorsDType.Int32, shape, LittleEndianBytes.FromInt32s(values));

    /// <summary>Creates an <c>I64</c> entry from <paramref name="values"/>.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="shape">The dimensions; their product must equal the number of values.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <returns>The new entry.</returns>
    /// <exception cref="ArgumentException">The shape does not match the number of values.</exception>
    public static SafeTensorsEntry FromInt64s(string name, ReadOnlySpan<long> shape, ReadOnlySpan<long> values) =>
        new(name, SafeTensorsDType.Int64, shape, LittleEndianBytes.FromInt64s(values));

    /// <summary>Decodes the data of an <c>F32</c> entry.</summary>
    /// <returns>A new array with the elements in row-major order.</returns>
    /// <exception cref="InvalidOperationException">The dtype is not <c>F32</c>.</exception>
    public float[] ToSingles() => LittleEndianBytes.ToSingles(DataAs(SafeTensorsDType.Float32));

    /// <summary>Decodes the data of an <c>F64</c> entry.</summary>
    /// <returns>A new array with the elements in row-major order.</returns>
    /// <exception cref="InvalidOperationException">The dtype is not <c>F64</c>.</exception>
    public double[] ToDoubles() => LittleEndianBytes.ToDoubles(DataAs(SafeTensorsDType.Float64));

    /// <summary>Decodes the data of an <c>I32</c> entry.</summary>
    /// <returns>A new array with the elements in row-major order.</returns>
    /// <exception cref="InvalidOperationException">The dtype is not <c>I32</c>.</exception>
    public int[] ToInt32s() => LittleEndianBytes.ToInt32s(DataAs(SafeTensorsDType.Int32));

    /// <summary>Decodes the data of an <c>I64</c> entry.</summary>
    /// <returns>A new array with the elements in row-major order.</returns>
    /// <exception cref="InvalidOperationException">The dtype is not <c>I64</c>.</exception>
    public long[] ToInt64s() => LittleEndianBytes.ToInt64s(DataAs(SafeTensorsDType.Int64));

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {DType}[{string.Join(", ", _shape)}]";

    /// <summary>
    /// Bytes needed for <paramref name="shape"/>, or -1 with <paramref name="problem"/> set when a
    /// dimension is negative or the size does not fit in a 64-bit count.
    /// </summary>
    internal static long ComputeByteLength(ReadOnlySpan<long> shape, int elementSize, out string? problem)
    {
        problem = null;
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                problem = $"negative dimension {dim} in the shape.";
                return -1;
            }
        }

        // A zero dimension makes any other dimension harmless, so check it before multiplying to
        // avoid reporting overflow for shapes like [0, huge, huge].
        if (shape.Contains(0L))
        {
            return 0;
        }

        foreach (var dim in shape)
        {
            if (count > long.MaxValue / dim)
            {
                problem = "the element count overflows a 64-bit integer.";
                return -1;
            }

            count *= dim;
        }

        if (count > long.MaxValue / elementSize)
        {
            problem = "the byte size overflows a 64-bit integer.";
            return -1;
        }

        return count * elementSize;
    }

    private ReadOnlySpan<byte> DataAs(string dtype) =>
        DType == dtype
            ? Data.Span
            : throw new InvalidOperationException($"Tensor '{Name}' has dtype {DType}, not {dtype}.");
}
