using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralSharp.Data;

/// <summary>Writes IDX files, plain or gzip-compressed.</summary>
public static class IdxWriter
{
    /// <summary>Writes an IDX file to disk.</summary>
    /// <param name="path">Destination; overwritten if it exists.</param>
    /// <param name="file">Contents to write.</param>
    /// <param name="gzip">Whether to gzip-compress the output.</param>
    public static void Write(string path, IdxFile file, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, file, gzip);
    }

    /// <summary>Writes an IDX file to a stream, which is left open.</summary>
    /// <param name="stream">Destination.</param>
    /// <param name="file">Contents to write.</param>
    /// <param name="gzip">Whether to gzip-compress the output.</param>
    public static void Write(Stream stream, IdxFile file, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        if (gzip)
        {
            using var deflate = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
            WriteRaw(deflate, file);
            return;
        }

        WriteRaw(stream, file);
    }

    private static void WriteRaw(Stream s, IdxFile file)
    {
        var header = new byte[4 + (4 * file.Rank)];
        BinaryPrimitives.WriteInt32BigEndian(header, file.MagicNumber);
        for (int i = 0; i < file.Rank; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), file.Dimensions[i]);
        }

        s.Write(header);
        s.Write(file.Data);
    }
}
