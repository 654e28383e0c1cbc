using System.Buffers.Binary;
using System.Numerics;

namespace NeuralSharp.TensorBoard;

/// <summary>
/// CRC-32C (Castagnoli), the checksum TFRecord framing uses, and TFRecord's mask of it. The base library
/// has it as <see cref="BitOperations.Crc32C(uint, ulong)"/>, which uses the SSE4.2 or Arm CRC instructions
/// where the CPU has them and a table otherwise (System.IO.Hashing's <c>Crc32</c> is the other polynomial).
/// </summary>
internal static class Crc32C
{
    /// <summary>The CRC-32C of <paramref name="data"/> (initial value and final XOR all ones, as in RFC 3720).</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>
    /// TFRecord's masked CRC: rotated and offset so that a CRC stored inside the data it covers does not
    /// checksum to a fixed value (the mask TensorFlow's crc32c::Mask applies).
    /// </summary>
    public static uint Mask(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);

    /// <summary>The masked CRC-32C of <paramref name="data"/>.</summary>
    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Compute(data));
}
