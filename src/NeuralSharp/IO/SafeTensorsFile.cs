namespace NeuralSharp.IO;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8
/// JSON describing each tensor (dtype, shape, byte range), then the concatenated tensor data.
/// </summary>
/// <remarks>
/// <para>Writing follows the reference implementation: tensors are ordered by descending dtype alignment
/// then by name, the optional <c>__metadata__</c> map comes first in the header, and the header is padded
/// with spaces to a multiple of 8 bytes so every tensor starts aligned. The output is deterministic.</para>
/// <para>Reading treats the input as hostile: it never executes anything, bounds the header to
/// <see cref="MaxHeaderSize"/> and to the actual input length before allocating it, and validates every
/// field, offset and size. Any problem with the content is reported as a <see cref="ModelFormatException"/>.
/// Tensors are loaded into memory, each into its own array, so one tensor may hold at most
/// <see cref="Array.MaxLength"/> bytes; larger ones are reported as unsupported.</para>
/// </remarks>
public static class SafeTensorsFile
{
    /// <summary>The reserved header key holding the free-form string metadata.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>
    /// The largest header accepted, in bytes (16 MiB). The reference implementation allows 100 MB, but parsing a header
    /// costs many times its size, and a real model's header (a few hundred bytes per tensor) stays far below this.
    /// </summary>
    public const int MaxHeaderSize = 16 << 20;

    /// <summary>The most tensors a header may describe (65,536); real models hold a few thousand at most.</summary>
    public const int MaxTensorCount = 1 << 16;

    /// <summary>Writes a safetensors file atomically (see <see cref="AtomicFile"/>).</summary>
    /// <param name="path">The file to create or replace. Its folder must exist.</param>
    /// <param name="entries">The tensors; names must be unique.</param>
    /// <param name="metadata">Optional string metadata stored under <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentException">
    /// Duplicate or invalid names, a null entry or metadata value, or a header too large; thrown before
    /// <paramref name="path"/> is touched.
    /// </exception>
    /// <exception cref="IOException">The file could not be written; <paramref name="path"/> keeps its old content.</exception>
    public static void Write(string path, IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var prepared = SafeTensorsWriter.Prepare(entries, metadata);
        AtomicFile.Write(path, stream => SafeTensorsWriter.WriteTo(stream, prepared));
    }

    /// <summary>Writes safetensors data to <paramref name="stream"/> at its current position; the stream is left open.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="entries">The tensors; names must be unique.</param>
    /// <param name="metadata">Optional string metadata stored under <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentException">
    /// Duplicate or invalid names, a null entry or metadata value, or a header too large; thrown before
    /// anything is written.
    /// </exception>
    public static void Write(Stream stream, IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        SafeTensorsWriter.WriteTo(stream, SafeTensorsWriter.Prepare(entries, metadata));
    }

    /// <summary>Serializes to a new byte array.</summary>
    /// <param name="entries">The tensors; names must be unique.</param>
    /// <param name="metadata">Optional string metadata stored under <c>__metadata__</c>.</param>
    /// <returns>The complete file content.</returns>
    /// <exception cref="ArgumentException">Duplicate or invalid names, a null entry or metadata value, a header too large, or more than <see cref="Array.MaxLength"/> bytes in all.</exception>
    public static byte[] ToBytes(IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var prepared = SafeTensorsWriter.Prepare(entries, metadata);
        if (prepared.TotalLength > Array.MaxLength)
        {
            throw new ArgumentException(
                $"The file would be {prepared.TotalLength} bytes, too large for one array; write to a stream or a path instead.",
                nameof(entries));
        }

        using var buffer = new MemoryStream((int)prepared.TotalLength);
        SafeTensorsWriter.WriteTo(buffer, prepared);
        return buffer.ToArray();
    }

    /// <summary>Reads a safetensors file.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="ModelFormatException">The content is malformed; the message names <paramref name="path"/>.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (not wrapped).</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist (not wrapped).</exception>
    /// <exception cref="IOException">Another I/O failure, or the path names something that is not a regular file, such as a FIFO or a device (not wrapped).</exception>
    public static SafeTensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = RegularFile.OpenRead(path);
        return SafeTensorsReader.ReadSeekable(stream, path);
    }

    /// <summary>Reads safetensors data held in memory; the whole span is the file.</summary>
    /// <param name="data">The complete file content.</param>
    /// <returns>The tensors and metadata; tensor data is copied out of <paramref name="data"/>.</returns>
    /// <exception cref="ModelFormatException">The content is malformed.</exception>
    public static SafeTensorsContent Read(ReadOnlySpan<byte> data) => SafeTensorsReader.ReadSpan(data, path: null);

    /// <summary>Reads safetensors data from the current position of <paramref name="stream"/> to its end.</summary>
    /// <param name="stream">A readable stream; it is left open. Non-seekable streams are buffered in memory first.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="ModelFormatException">The content is malformed or ends early.</exception>
    /// <exception cref="IOException">The stream failed (not wrapped).</exception>
    public static SafeTensorsContent Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        if (stream.CanSeek)
        {
            return SafeTensorsReader.ReadSeekable(stream, path: null);
        }

        // Without a length the header size cannot be checked before reading; buffering what is really
        // there keeps allocations proportional to the actual input, not to a forged length.
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return SafeTensorsReader.ReadSpan(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), path: null);
    }
}
