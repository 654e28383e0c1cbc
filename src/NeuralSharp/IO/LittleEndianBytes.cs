using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralSharp.IO;

/// <summary>
/// Converts arrays of numbers to and from their little-endian byte representation, the layout that
/// safetensors (and most model formats) store on disk, whatever the byte order of the host.
/// </summary>
public static class LittleEndianBytes
{
    /// <summary>Encodes <paramref name="values"/> as little-endian IEEE singles.</summary>
    /// <param name="values">The values to encode.</param>
    /// <returns>A new array of <c>4 * values.Length</c> bytes.</returns>
    public static byte[] FromSingles(ReadOnlySpan<float> values) => ToBytes<float>(values);

    /// <summary>Encodes <paramref name="values"/> as little-endian IEEE doubles.</summary>
    /// <param name="values">The values to encode.</param>
    /// <returns>A new array of <c>8 * values.Length</c> bytes.</returns>
    public static byte[] FromDoubles(ReadOnlySpan<double> values) => ToBytes<double>(values);

    /// <summary>Encodes <paramref name="values"/> as little-endian 32-bit integers.</summary>
    /// <param name="values">The values to encode.</param>
    /// <returns>A new array of <c>4 * values.Length</c> bytes.</returns>
    public static byte[] FromInt32s(ReadOnlySpan<int> values) => ToBytes<int>(values);

    /// <summary>Encodes <paramref name="values"/> as little-endian 64-bit integers.</summary>
    /// <param name="values">The values to encode.</param>
    /// <returns>A new array of <c>8 * values.Length</c> bytes.</returns>
    public static byte[] FromInt64s(ReadOnlySpan<long> values) => ToBytes<long>(values);

    /// <summary>Decodes little-endian IEEE singles.</summary>
    /// <param name="bytes">The encoded values; the length must be a multiple of 4.</param>
    /// <returns>A new array with the decoded values.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="bytes"/> is not a multiple of 4.</exception>
    public static float[] ToSingles(ReadOnlySpan<byte> bytes) => FromBytes<float>(bytes);

    /// <summary>Decodes little-endian IEEE doubles.</summary>
    /// <param name="bytes">The encoded values; the length must be a multiple of 8.</param>
    /// <returns>A new array with the decoded values.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="bytes"/> is not a multiple of 8.</exception>
    public static double[] ToDoubles(ReadOnlySpan<byte> bytes) => FromBytes<double>(bytes);

    /// <summary>Decodes little-endian 32-bit integers.</summary>
    /// <param name="bytes">The encoded values; the length must be a multiple of 4.</param>
    /// <returns>A new array with the decoded values.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="bytes"/> is not a multiple of 4.</exception>
    public static int[] ToInt32s(ReadOnlySpan<byte> bytes) => FromBytes<int>(bytes);

    /// <summary>Decodes little-endian 64-bit integers.</summary>
    /// <param name="bytes">The encoded values; the length must be a multiple of 8.</param>
    /// <returns>A new array with the decoded values.</returns>
    /// <exception cref="ArgumentException">The length of <paramref name="bytes"/> is not a multiple of 8.</exception>
    public static long[] ToInt64s(ReadOnlySpan<byte> bytes) => FromBytes<long>(bytes);

    /// <summary>Encodes <paramref name="values"/> into <paramref name="destination"/> as little-endian IEEE singles.</summary>
    /// <param name="values">The values to encode.</param>
    /// <param name="destination">Exactly <c>4 * values.Length</c> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public static void Write(ReadOnlySpan<float> values, Span<byte> destination) => Encode<float>(values, destination);

    /// <summary>Encodes <paramref name="values"/> into <paramref name="destination"/> as little-endian IEEE doubles.</summary>
    /// <param name="values">The values to encode.</param>
    /// <param name="destination">Exactly <c>8 * values.Length</c> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public static void Write(ReadOnlySpan<double> values, Span<byte> destination) => Encode<double>(values, destination);

    /// <summary>Encodes <paramref name="values"/> into <paramref name="destination"/> as little-endian 32-bit integers.</summary>
    /// <param name="values">The values to encode.</param>
    /// <param name="destination">Exactly <c>4 * values.Length</c> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public static void Write(ReadOnlySpan<int> values, Span<byte> destination) => Encode<int>(values, destination);

    /// <summary>Encodes <paramref name="values"/> into <paramref name="destination"/> as little-endian 64-bit integers.</summary>
    /// <param name="values">The values to encode.</param>
    /// <param name="destination">Exactly <c>8 * values.Length</c> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public static void Write(ReadOnlySpan<long> values, Span<byte> destination) => Encode<long>(values, destination);

    /// <summary>Decodes little-endian IEEE singles from <paramref name="bytes"/> into <paramref name="destination"/>.</summary>
    /// <param name="bytes">Exactly <c>4 * destination.Length</c> bytes.</param>
    /// <param name="destination">Receives the decoded values.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> has the wrong length.</exception>
    public static void Read(ReadOnlySpan<byte> bytes, Span<float> destination) => Decode<float>(bytes, destination);

    /// <summary>Decodes little-endian IEEE doubles from <paramref name="bytes"/> into <paramref name="destination"/>.</summary>
    /// <param name="bytes">Exactly <c>8 * destination.Length</c> bytes.</param>
    /// <param name="destination">Receives the decoded values.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> has the wrong length.</exception>
    public static void Read(ReadOnlySpan<byte> bytes, Span<double> destination) => Decode<double>(bytes, destination);

    /// <summary>Decodes little-endian 32-bit integers from <paramref name="bytes"/> into <paramref name="destination"/>.</summary>
    /// <param name="bytes">Exactly <c>4 * destination.Length</c> bytes.</param>
    /// <param name="destination">Receives the decoded values.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> has the wrong length.</exception>
    public static void Read(ReadOnlySpan<byte> bytes, Span<int> destination) => Decode<int>(bytes, destination);

    /// <summary>Decodes little-endian 64-bit integers from <paramref name="bytes"/> into <paramref name="destination"/>.</summary>
    /// <param name="bytes">Exactly <c>8 * destination.Length</c> bytes.</param>
    /// <param name="destination">Receives the decoded values.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> has the wrong length.</exception>
    public static void Read(ReadOnlySpan<byte> bytes, Span<long> destination) => Decode<long>(bytes, destination);

    private static byte[] ToBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var bytes = new byte[checked(values.Length * Unsafe.SizeOf<T>())];
        Encode<T>(values, bytes);
        return bytes;
    }

    private static T[] FromBytes<T>(ReadOnlySpan<byte> bytes)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (bytes.Length % size != 0)
        {
            throw new ArgumentException(
                $"Byte count {bytes.Length} is not a multiple of the element size {size}.", nameof(bytes));
        }

        var values = new T[bytes.Length / size];
        Decode<T>(bytes, values);
        return values;
    }

    private static void Encode<T>(ReadOnlySpan<T> values, Span<byte> destination)
        where T : unmanaged
    {
        var source = MemoryMarshal.AsBytes(values);
        if (destination.Length != source.Length)
        {
            throw new ArgumentException(
                $"Destination has {destination.Length} bytes but {source.Length} are needed.", nameof(destination));
        }

        source.CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEachElement(destination, Unsafe.SizeOf<T>());
        }
    }

    private static void Decode<T>(ReadOnlySpan<byte> bytes, Span<T> destination)
        where T : unmanaged
    {
        var target = MemoryMarshal.AsBytes(destination);
        if (bytes.Length != target.Length)
        {
            throw new ArgumentException(
                $"Expected {target.Length} bytes for {destination.Length} elements but got {bytes.Length}.", nameof(bytes));
        }

        bytes.CopyTo(target);
        if (!BitConverter.IsLittleEndian)
        {
            ReverseEachElement(target, Unsafe.SizeOf<T>());
        }
    }

    private static void ReverseEachElement(Span<byte> bytes, int elementSize)
    {
        for (var i = 0; i < bytes.Length; i += elementSize)
        {
            bytes.Slice(i, elementSize).Reverse();
        }
    }
}
