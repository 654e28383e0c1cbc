using System.Buffers.Binary;
using System.Globalization;

namespace NeuralSharp.Data;

/// <summary>
/// The contents of one IDX file: element type, dimensions and the raw payload bytes in file order
/// (multi-byte elements stay big-endian, exactly as stored).
/// </summary>
public sealed class IdxFile
{
    private readonly int[] _dimensions;

    /// <summary>Creates an IDX file from a payload whose length must match the dimensions exactly.</summary>
    /// <param name="dataType">Element type.</param>
    /// <param name="dimensions">Dimension sizes, outermost first (1 to 255 of them, none negative).</param>
    /// <param name="data">Payload bytes in file order; the array is kept, not copied.</param>
    /// <exception cref="ArgumentException">The dimensions or the payload length are invalid.</exception>
    public IdxFile(IdxDataType dataType, int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        int elementSize = GetElementSize(dataType);
        if (dimensions.Length is 0 or > 255)
        {
            throw new ArgumentException($"An IDX file has 1 to 255 dimensions, not {dimensions.Length}.", nameof(dimensions));
        }

        long count = 1;
        foreach (int d in dimensions)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Dimension sizes must not be negative: [{string.Join(", ", dimensions)}].", nameof(dimensions));
            }

            count = checked(count * d);
        }

        if (checked(count * elementSize) != data.LongLength)
        {
            throw new ArgumentException(
                $"Payload has {data.LongLength} bytes but dimensions [{string.Join(", ", dimensions)}] of {dataType} need {count * elementSize}.",
                nameof(data));
        }

        DataType = dataType;
        _dimensions = (int[])dimensions.Clone();
        Data = data;
        ElementCount = count;
    }

    /// <summary>Element type.</summary>
    public IdxDataType DataType { get; }

    /// <summary>Dimension sizes, outermost first.</summary>
    public IReadOnlyList<int> Dimensions => _dimensions;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <summary>Number of elements (the product of the dimensions).</summary>
    public long ElementCount { get; }

    /// <summary>The 32-bit magic number that starts this file, e.g. 0x00000803 for 3-dimensional unsigned bytes.</summary>
    public int MagicNumber => ((int)DataType << 8) | Rank;

    /// <summary>Payload bytes in file order (big-endian for multi-byte element types).</summary>
    public byte[] Data { get; }

    /// <summary>Creates an unsigned-byte IDX file, the kind MNIST uses.</summary>
    /// <param name="data">Payload, one byte per element; kept, not copied.</param>
    /// <param name="dimensions">Dimension sizes, outermost first.</param>
    /// <returns>The new file.</returns>
    public static IdxFile FromBytes(byte[] data, params int[] dimensions) => new(IdxDataType.UInt8, dimensions, data);

    /// <summary>Size in bytes of one element of the given type.</summary>
    /// <param name="dataType">Element type.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The type is not a defined IDX type.</exception>
    public static int GetElementSize(IdxDataType dataType) => dataType switch
    {
        IdxDataType.UInt8 or IdxDataType.Int8 => 1,
        IdxDataType.Int16 => 2,
        IdxDataType.Int32 or IdxDataType.Float32 => 4,
        IdxDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Not an IDX element type."),
    };

    /// <summary>Converts every element to <see cref="float"/>, whatever the element type (no scaling).</summary>
    /// <returns>A new array of <see cref="ElementCount"/> values.</returns>
    public float[] ToSingleArray()
    {
        var result = new float[ElementCount];
        ReadOnlySpan<byte> d = Data;
        switch (DataType)
        {
            case IdxDataType.UInt8:
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = d[i];
                }

                break;
            case IdxDataType.Int8:
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (sbyte)d[i];
                }

                break;
            case IdxDataType.Int16:
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadInt16BigEndian(d[(2 * i)..]);
                }

                break;
            case IdxDataType.Int32:
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadInt32BigEndian(d[(4 * i)..]);
                }

                break;
            case IdxDataType.Float32:
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = BinaryPrimitives.ReadSingleBigEndian(d[(4 * i)..]);
                }

                break;
            case IdxDataType.Float64:
                for (int i = 0; i < result.Length; i++)
                {
                    result[i] = (float)BinaryPrimitives.ReadDoubleBigEndian(d[(8 * i)..]);
                }

                break;
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"IDX {DataType} [{string.Join(" x ", _dimensions)}] (magic 0x{MagicNumber:X8})");
}
