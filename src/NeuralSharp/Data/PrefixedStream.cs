namespace NeuralSharp.Data;

/// <summary>
/// A read-only stream that first replays bytes already consumed from <paramref name="inner"/> (to sniff a
/// gzip header on a stream that cannot seek back), then continues with <paramref name="inner"/>.
/// </summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Reads up to two bytes and reports whether they are the gzip magic; the result replays them.</summary>
    public static PrefixedStream Sniff(Stream inner, out bool isGzip)
    {
        var prefix = new byte[2];
        int got = inner.ReadAtLeast(prefix, 2, throwOnEndOfStream: false);
        isGzip = got == 2 && prefix[0] == 0x1F && prefix[1] == 0x8B;
        return new PrefixedStream(prefix.AsMemory(0, got), inner);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefix.IsEmpty)
        {
            return inner.Read(buffer);
        }

        int n = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..n].CopyTo(buffer);
        _prefix = _prefix[n..];
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
