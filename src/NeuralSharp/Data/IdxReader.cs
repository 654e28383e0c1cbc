using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralSharp.Data;

/// <summary>
/// Reads IDX files (the MNIST container format), plain or gzip-compressed, with strict validation:
/// a forged or damaged header yields an <see cref="InvalidDataException"/> rather than a huge allocation.
/// </summary>
public static class IdxReader
{
    /// <summary>Default upper bound on the payload size accepted by the reader: 200 MiB.</summary>
    public const long DefaultMaxPayloadBytes = 200L * 1024 * 1024;

    // Buffers for streams of unknown length grow from here, so that a header claiming 200 MiB
    // over a tiny gzip body costs no more memory than the bytes that actually arrive.
    private const int InitialChunk = 1 << 20;

    /// <summary>Reads an IDX file from disk; gzip compression is detected from its first bytes, not its name.</summary>
    /// <param name="path">File to read.</param>
    /// <param name="maxPayloadBytes">Largest payload accepted; larger declared sizes are rejected before allocation.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="InvalidDataException">The file is not a well-formed IDX file.</exception>
    public static IdxFile Read(string path, long maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Read(stream, path, maxPayloadBytes);
    }

    /// <summary>Reads an IDX file from a stream positioned at its start; gzip is detected from the first bytes.</summary>
    /// <remarks>
    /// When the stream can seek, a plain file's length is checked against its header before any allocation, and a gzip
    /// file's trailer must record the decompressed size (catching a cut-off trailer that decompression alone accepts).
    /// </remarks>
    /// <param name="stream">Source; read to its end but not disposed.</param>
    /// <param name="sourceName">Name used in error messages, usually the file path.</param>
    /// <param name="maxPayloadBytes">Largest payload accepted; larger declared sizes are rejected before allocation.</param>
    /// <returns>The parsed file.</returns>
    /// <exception cref="InvalidDataException">The data is not a well-formed IDX file.</exception>
    public static IdxFile Read(Stream stream, string sourceName, long maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPayloadBytes);

        long? start = stream.CanSeek ? stream.Position : null;
        var replay = PrefixedStream.Sniff(stream, out bool gzip);
        long? knownLength = !gzip && start is long p ? stream.Length - p : null;
        if (!gzip)
        {
            return ReadCore(replay, sourceName, knownLength, maxPayloadBytes, gzip: false);
        }

        uint? recordedSize = start is long origin ? ReadGzipTrailerSize(stream, origin, sourceName) : null;
        using var inflate = new GZipStream(replay, CompressionMode.Decompress, leaveOpen: true);
        IdxFile file = ReadCore(inflate, sourceName, knownLength: null, maxPayloadBytes, gzip: true);

        // GZipStream accepts a stream whose CRC/size trailer is cut off, so compare the size the trailer records.
        long decompressed = 4 + (4L * file.Rank) + file.Data.LongLength;
        if (recordedSize is uint recorded && recorded != (uint)decompressed)
        {
            throw Fail(sourceName, $"the gzip trailer records {recorded:N0} uncompressed bytes but {decompressed:N0} were decompressed; the file is truncated or damaged (multi-member gzip files are not supported).");
        }

        return file;
    }

    // Reads ISIZE, the last four bytes of a gzip file, and returns to just after the two sniffed magic bytes.
    private static uint ReadGzipTrailerSize(Stream stream, long origin, string name)
    {
        const int MinimumGzipLength = 18;
        long length = stream.Length - origin;
        if (length < MinimumGzipLength)
        {
            throw Fail(name, $"truncated gzip file: {length} bytes, but even an empty gzip file has {MinimumGzipLength}.");
        }

        Span<byte> trailer = stackalloc byte[4];
        stream.Position = origin + length - 4;
        stream.ReadExactly(trailer);
        stream.Position = origin + 2;
        return BinaryPrimitives.ReadUInt32LittleEndian(trailer);
    }

    private static IdxFile ReadCore(Stream s, string name, long? knownLength, long maxPayloadBytes, bool gzip)
    {
        string what = gzip ? "decompressed data" : "file";
        Span<byte> head = stackalloc byte[4];
        int n = Fill(s, head, name);
        if (n < 4)
        {
            throw Fail(name, $"the {what} is {n} bytes long, too short for the 4-byte IDX magic number.");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(head);
        if (head[0] != 0 || head[1] != 0)
        {
            throw Fail(name, $"bad magic number 0x{magic:X8}: expected 0x0000TTDD (two zero bytes, element type TT, dimension count DD), e.g. 0x00000801 for labels or 0x00000803 for images.");
        }

        var type = (IdxDataType)head[2];
        if (!Enum.IsDefined(type))
        {
            throw Fail(name, $"magic number 0x{magic:X8} has unknown element type 0x{head[2]:X2}; expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E.");
        }

        int rank = head[3];
        if (rank == 0)
        {
            throw Fail(name, $"magic number 0x{magic:X8} declares 0 dimensions; expected at least 1.");
        }

        var dimBytes = new byte[4 * rank];
        n = Fill(s, dimBytes, name);
        if (n < dimBytes.Length)
        {
            throw Fail(name, $"truncated header: magic number 0x{magic:X8} declares {rank} dimensions ({dimBytes.Length} bytes) but only {n} bytes follow.");
        }

        var dims = new int[rank];
        bool anyZero = false;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (d > int.MaxValue)
            {
                throw Fail(name, $"dimension {i} has size {d}, larger than the supported maximum {int.MaxValue}.");
            }

            dims[i] = (int)d;
            anyZero |= d == 0;
        }

        string shape = $"[{string.Join(" x ", dims)}] of {type}";
        long payload = 0;
        if (!anyZero)
        {
            try
            {
                payload = IdxFile.GetElementSize(type);
                foreach (int d in dims)
                {
                    payload = checked(payload * d);
                }
            }
            catch (OverflowException)
            {
                throw Fail(name, $"header declares {shape}, which overflows a 64-bit byte count.");
            }
        }

        if (payload > maxPayloadBytes || payload > Array.MaxLength)
        {
            throw Fail(name, $"header declares {shape} = {payload:N0} payload bytes, above the limit of {Math.Min(maxPayloadBytes, Array.MaxLength):N0} bytes.");
        }

        long headerLength = 4 + dimBytes.Length;
        byte[] data;
        if (knownLength is long total)
        {
            // The real length is known, so a forged header is refused before anything is allocated.
            long available = total - headerLength;
            if (available < payload)
            {
                throw Fail(name, $"truncated: header declares {shape}, which needs {payload:N0} payload bytes, but only {available:N0} follow the {headerLength}-byte header.");
            }

            if (available > payload)
            {
                throw Fail(name, $"{available - payload:N0} unexpected extra bytes: header declares {shape}, which needs exactly {payload:N0} payload bytes, but {available:N0} follow the {headerLength}-byte header.");
            }

            data = new byte[payload];
            n = Fill(s, data, name);
            if (n < payload)
            {
                throw Fail(name, $"truncated while reading: expected {payload:N0} payload bytes, found {n:N0}.");
            }

            return new IdxFile(type, dims, data);
        }

        data = new byte[Math.Min(payload, InitialChunk)];
        long filled = 0;
        while (true)
        {
            filled += Fill(s, data.AsSpan((int)filled), name);
            if (filled < data.Length)
            {
                throw Fail(name, $"truncated: header declares {shape}, which needs {payload:N0} payload bytes, but the {what} ends after {filled:N0}.");
            }

            if (filled == payload)
            {
                break;
            }

            Array.Resize(ref data, (int)Math.Min(payload, 2L * data.Length));
        }

        Span<byte> probe = stackalloc byte[1];
        if (Fill(s, probe, name) != 0)
        {
            throw Fail(name, $"unexpected extra bytes: header declares {shape}, which needs exactly {payload:N0} payload bytes, but the {what} continues past them.");
        }

        return new IdxFile(type, dims, data);
    }

    private static int Fill(Stream s, Span<byte> buffer, string name)
    {
        try
        {
            return s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException ex)
        {
            // GZipStream's own messages do not say which file was damaged.
            throw Fail(name, $"corrupt gzip stream ({ex.Message})", ex);
        }
    }

    private static InvalidDataException Fail(string name, string message, Exception? inner = null) =>
        new($"Invalid IDX file '{name}': {message}", inner);
}
