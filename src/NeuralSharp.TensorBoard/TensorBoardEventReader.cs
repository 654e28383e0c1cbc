using System.Buffers.Binary;
using Google.Protobuf;
using NeuralSharp.TensorBoard.Proto;

namespace NeuralSharp.TensorBoard;

/// <summary>
/// Reads the records of a TensorBoard event file (or any TFRecord file) back, checking both CRCs of every
/// record. A damaged file raises <see cref="TensorBoardFormatException"/> naming the record and its offset;
/// a record's claimed length is checked against a limit and against what the file holds before anything
/// is allocated for it.
/// </summary>
public sealed class TensorBoardEventReader : IDisposable
{
    /// <summary>The largest record read by default: 256 MiB, far above any event NeuralSharp writes.</summary>
    public const int DefaultMaxRecordLength = 256 << 20;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _maxRecordLength;
    private readonly string _name;
    private long _offset;
    private int _index;

    /// <summary>Opens an event file; it may still be being written.</summary>
    public TensorBoardEventReader(string path, int maxRecordLength = DefaultMaxRecordLength)
        : this(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), maxRecordLength, leaveOpen: false, name: path)
    {
    }

    /// <summary>Reads records from <paramref name="stream"/>, from its current position.</summary>
    public TensorBoardEventReader(Stream stream, int maxRecordLength = DefaultMaxRecordLength, bool leaveOpen = false)
        : this(stream, maxRecordLength, leaveOpen, name: "event stream")
    {
    }

    private TensorBoardEventReader(Stream stream, int maxRecordLength, bool leaveOpen, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecordLength);
        _stream = stream;
        _maxRecordLength = maxRecordLength;
        _leaveOpen = leaveOpen;
        _name = name;
    }

    /// <summary>Reads every event of the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<Event> ReadAll(string path, int maxRecordLength = DefaultMaxRecordLength)
    {
        using var reader = new TensorBoardEventReader(path, maxRecordLength);
        var events = new List<Event>();
        while (reader.ReadEvent() is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>The next record's payload, or null at the end of the file.</summary>
    /// <exception cref="TensorBoardFormatException">A CRC does not match, the record is cut short, or its length is over the limit.</exception>
    public byte[]? ReadRecord()
    {
        var at = _offset;
        Span<byte> header = stackalloc byte[TfRecord.HeaderSize];
        var got = ReadFully(header);
        if (got == 0)
        {
            return null;
        }

        if (got < header.Length)
        {
            throw Damaged(at, $"truncated: {got} of the header's {TfRecord.HeaderSize} bytes");
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[sizeof(ulong)..]) != Crc32C.Masked(header[..sizeof(ulong)]))
        {
            throw Damaged(at, "the length's CRC does not match (the header is corrupt)");
        }

        if (length > (ulong)_maxRecordLength)
        {
            throw Damaged(at, $"claims {length:N0} bytes, over the limit of {_maxRecordLength:N0}");
        }

        var needed = (long)length + TfRecord.FooterSize;
        if (_stream.CanSeek && _stream.Length - _stream.Position < needed)
        {
            throw Damaged(at, $"truncated: claims {length:N0} bytes, but only {Math.Max(0, _stream.Length - _stream.Position - TfRecord.FooterSize):N0} follow");
        }

        var payload = new byte[length];
        Span<byte> footer = stackalloc byte[TfRecord.FooterSize];
        if (ReadFully(payload) < payload.Length || ReadFully(footer) < footer.Length)
        {
            throw Damaged(at, $"truncated: the file ends inside the record of {length:N0} bytes");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(footer) != Crc32C.Masked(payload))
        {
            throw Damaged(at, "the payload's CRC does not match (the data is corrupt)");
        }

        _index++;
        return payload;
    }

    /// <summary>The next record parsed as a TensorBoard <see cref="Event"/>, or null at the end of the file.</summary>
    /// <exception cref="TensorBoardFormatException">The record is damaged, or its payload is not an <c>Event</c>.</exception>
    public Event? ReadEvent()
    {
        var at = _offset;
        var index = _index;
        if (ReadRecord() is not { } payload)
        {
            return null;
        }

        try
        {
            return Event.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TensorBoardFormatException($"{_name}: record {index} at byte {at}: the payload is not a TensorBoard Event ({e.Message})", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private int ReadFully(Span<byte> buffer)
    {
        var total = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        _offset += total;
        return total;
    }

    private TensorBoardFormatException Damaged(long at, string what) => new($"{_name}: record {_index} at byte {at}: {what}");
}
