using System.Buffers.Binary;

namespace NeuralSharp.TensorBoard;

/// <summary>
/// TFRecord framing, the container of TensorBoard event files: each record is its length (uint64, little
/// endian), the masked CRC-32C of those 8 bytes, the payload, and the masked CRC-32C of the payload.
/// </summary>
internal static class TfRecord
{
    /// <summary>Bytes before the payload: the length and its CRC.</summary>
    public const int HeaderSize = sizeof(ulong) + sizeof(uint);

    /// <summary>Bytes after the payload: its CRC.</summary>
    public const int FooterSize = sizeof(uint);

    /// <summary>The whole framed record for <paramref name="payload"/>, written in one call so that a reader never sees a header without its payload for long.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var record = new byte[HeaderSize + payload.Length + FooterSize];
        var span = record.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[sizeof(ulong)..], Crc32C.Masked(span[..sizeof(ulong)]));
        payload.CopyTo(span[HeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(HeaderSize + payload.Length)..], Crc32C.Masked(payload));
        return record;
    }
}
