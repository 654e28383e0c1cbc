using System.Buffers.Binary;
using NeuralSharp.TensorBoard;
using NeuralSharp.Tests.Data;

namespace NeuralSharp.Tests.TensorBoard;

/// <summary>A damaged event file raises <see cref="TensorBoardFormatException"/> naming the record, never a bare parse error or a huge allocation.</summary>
public sealed class TensorBoardCorruptionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>An event file of three records (file version, two scalars) and the offset of the second record.</summary>
    private (string Path, byte[] Bytes, int Second) Sample()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir.Path))
        {
            path = writer.FilePath;
            writer.AddScalar("loss", 1, 1);
            writer.AddScalar("loss", 2, 2);
        }

        var bytes = File.ReadAllBytes(path);
        var first = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return (path, bytes, TfRecord.HeaderSize + first + TfRecord.FooterSize);
    }

    private static TensorBoardFormatException Fails(string path, byte[] bytes)
    {
        File.WriteAllBytes(path, bytes);
        return Assert.Throws<TensorBoardFormatException>(() => TensorBoardEventReader.ReadAll(path));
    }

    [Fact]
    public void IntactFileReads() => Assert.Equal(3, TensorBoardEventReader.ReadAll(Sample().Path).Count);

    [Fact]
    public void FlippedPayloadByteFailsThePayloadCrc()
    {
        var (path, bytes, second) = Sample();
        bytes[second + TfRecord.HeaderSize + 2] ^= 0x10;
        var e = Fails(path, bytes);
        Assert.Contains($"record 1 at byte {second}: the payload's CRC does not match", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FlippedLengthByteFailsTheLengthCrc()
    {
        var (path, bytes, second) = Sample();
        bytes[second] ^= 0x01;
        Assert.Contains($"record 1 at byte {second}: the length's CRC does not match", Fails(path, bytes).Message);
    }

    [Fact]
    public void FlippedCrcByteFailsToo()
    {
        var (path, bytes, _) = Sample();
        bytes[^1] ^= 0x80;
        Assert.Contains("record 2", Fails(path, bytes).Message);
    }

    [Theory]
    [InlineData(1)] // inside the last CRC
    [InlineData(6)] // inside the payload
    [InlineData(-5)] // a header cut short: 5 bytes of the next record
    public void TruncatedFileSaysSo(int cut)
    {
        var (path, bytes, _) = Sample();
        var kept = cut > 0 ? bytes[..^cut] : [.. bytes, .. bytes[..-cut]];
        var e = Fails(path, kept);
        Assert.Contains("truncated", e.Message);
    }

    /// <summary>A length with a valid CRC but far beyond the limit (or the file) is refused before anything is allocated.</summary>
    [Theory]
    [InlineData(1UL << 40)]
    [InlineData(ulong.MaxValue)]
    public void HugeLengthIsRefusedBeforeAllocating(ulong length)
    {
        var (path, bytes, second) = Sample();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(second), length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(second + 8), Crc32C.Masked(bytes.AsSpan(second, 8)));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Fails(path, bytes);
        Assert.Contains($"claims {length:N0} bytes, over the limit of {TensorBoardEventReader.DefaultMaxRecordLength:N0}", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "no buffer of the claimed size was allocated");
    }

    /// <summary>A length under the limit but past the end of a seekable file is a truncation; on a stream that cannot seek the limit still holds.</summary>
    [Fact]
    public void LengthPastTheEndIsATruncation()
    {
        var (path, bytes, second) = Sample();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(second), 1000);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(second + 8), Crc32C.Masked(bytes.AsSpan(second, 8)));
        Assert.Contains("truncated: claims 1,000 bytes", Fails(path, bytes).Message);

        using var reader = new TensorBoardEventReader(new NonSeekable(bytes), maxRecordLength: 100);
        Assert.NotNull(reader.ReadEvent());
        Assert.Contains("over the limit of 100", Assert.Throws<TensorBoardFormatException>(() => reader.ReadEvent()).Message);
    }

    [Fact]
    public void PayloadThatIsNoEventSaysSo()
    {
        var path = _dir.File("events.out.tfevents.0.bad");
        File.WriteAllBytes(path, TfRecord.Frame([0xFF, 0xFF, 0xFF]));
        var e = Assert.Throws<TensorBoardFormatException>(() => TensorBoardEventReader.ReadAll(path));
        Assert.Contains("record 0 at byte 0: the payload is not a TensorBoard Event", e.Message);
    }

    [Fact]
    public void EmptyFileHasNoEvents()
    {
        var path = _dir.File("empty");
        File.WriteAllBytes(path, []);
        Assert.Empty(TensorBoardEventReader.ReadAll(path));
    }

    private sealed class NonSeekable(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
