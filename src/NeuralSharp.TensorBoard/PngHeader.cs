using System.Buffers.Binary;

namespace NeuralSharp.TensorBoard;

/// <summary>The size and colour type of a PNG, read from its IHDR chunk (the first, by the PNG specification).</summary>
internal static class PngHeader
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads width, height and TensorBoard's colorspace (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA) from a PNG; false when the bytes are no PNG.</summary>
    public static bool TryRead(ReadOnlySpan<byte> png, out int width, out int height, out int colorspace)
    {
        width = height = colorspace = 0;
        // Signature (8), chunk length (4), "IHDR" (4), width (4), height (4), bit depth (1), colour type (1).
        if (png.Length < 26 || !png[..8].SequenceEqual(Signature) || !png.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return false;
        }

        var w = BinaryPrimitives.ReadUInt32BigEndian(png[16..]);
        var h = BinaryPrimitives.ReadUInt32BigEndian(png[20..]);
        if (w is 0 or > int.MaxValue || h is 0 or > int.MaxValue)
        {
            return false;
        }

        width = (int)w;
        height = (int)h;
        colorspace = png[25] switch
        {
            0 => 1,
            4 => 2,
            2 => 3,
            6 => 4,
            _ => 4, // a palette may carry transparency: RGBA is the safe reading
        };
        return true;
    }
}
