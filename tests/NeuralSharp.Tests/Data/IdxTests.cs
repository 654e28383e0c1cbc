using System.Buffers.Binary;
using System.IO.Compression;
using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class IdxTests
{
    private static IdxFile SampleImages()
    {
        var data = new byte[3 * 4 * 5];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i * 7);
        }

        return IdxFile.FromBytes(data, 3, 4, 5);
    }

    private static byte[] Header(int magic, params int[] dims)
    {
        var h = new byte[4 + (4 * dims.Length)];
        BinaryPrimitives.WriteInt32BigEndian(h, magic);
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4 + (4 * i)), dims[i]);
        }

        return h;
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(raw);
        }

        return ms.ToArray();
    }

    private static InvalidDataException ReadFails(byte[] bytes, string name = "test.idx") =>
        Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes), name));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripsThroughFile(bool gzip)
    {
        using var dir = new TempDirectory();

        // The name deliberately lacks .gz: compression is detected from the content.
        string path = dir.File("images.idx");
        IdxFile original = SampleImages();
        IdxWriter.Write(path, original, gzip);

        byte[] onDisk = File.ReadAllBytes(path);
        Assert.Equal(gzip, onDisk[0] == 0x1F && onDisk[1] == 0x8B);

        IdxFile read = IdxReader.Read(path);
        Assert.Equal(IdxDataType.UInt8, read.DataType);
        Assert.Equal(0x00000803, read.MagicNumber);
        Assert.Equal([3, 4, 5], read.Dimensions);
        Assert.Equal(original.Data, read.Data);
    }

    [Fact]
    public void RawFileHasExactHeaderLayout()
    {
        using var ms = new MemoryStream();
        IdxWriter.Write(ms, IdxFile.FromBytes([1, 2, 3], 3));
        Assert.Equal(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3 }, ms.ToArray());
    }

    [Theory]
    [InlineData(IdxDataType.Int8, 1)]
    [InlineData(IdxDataType.Int16, 2)]
    [InlineData(IdxDataType.Int32, 4)]
    [InlineData(IdxDataType.Float32, 4)]
    [InlineData(IdxDataType.Float64, 8)]
    public void ReadsOtherElementTypesBigEndian(IdxDataType type, int size)
    {
        var data = new byte[2 * size];
        switch (type)
        {
            case IdxDataType.Int8:
                data = [0xFE, 0x05];
                break;
            case IdxDataType.Int16:
                BinaryPrimitives.WriteInt16BigEndian(data, -2);
                BinaryPrimitives.WriteInt16BigEndian(data.AsSpan(2), 5);
                break;
            case IdxDataType.Int32:
                BinaryPrimitives.WriteInt32BigEndian(data, -2);
                BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), 5);
                break;
            case IdxDataType.Float32:
                BinaryPrimitives.WriteSingleBigEndian(data, -2f);
                BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(4), 5f);
                break;
            case IdxDataType.Float64:
                BinaryPrimitives.WriteDoubleBigEndian(data, -2d);
                BinaryPrimitives.WriteDoubleBigEndian(data.AsSpan(8), 5d);
                break;
        }

        using var ms = new MemoryStream();
        IdxWriter.Write(ms, new IdxFile(type, [2], data), gzip: true);
        IdxFile read = IdxReader.Read(new MemoryStream(ms.ToArray()), "typed");
        Assert.Equal(type, read.DataType);
        Assert.Equal([-2f, 5f], read.ToSingleArray());
    }

    [Fact]
    public void BadMagicIsRejected()
    {
        byte[] bytes = [.. Header(0x01000803, 1, 1, 1), 0];
        InvalidDataException ex = ReadFails(bytes, "bad-magic.idx");
        Assert.Contains("bad-magic.idx", ex.Message);
        Assert.Contains("0x01000803", ex.Message);
    }

    [Fact]
    public void UnknownElementTypeIsRejected()
    {
        InvalidDataException ex = ReadFails([.. Header(0x00000A01, 1), 0]);
        Assert.Contains("unknown element type 0x0A", ex.Message);
    }

    [Fact]
    public void ZeroDimensionsAreRejected()
    {
        InvalidDataException ex = ReadFails(Header(0x00000800));
        Assert.Contains("0 dimensions", ex.Message);
    }

    [Fact]
    public void TooShortForMagicIsRejected()
    {
        InvalidDataException ex = ReadFails([0, 0]);
        Assert.Contains("too short", ex.Message);
    }

    [Fact]
    public void TruncatedHeaderIsRejected()
    {
        byte[] bytes = Header(0x00000803, 10, 28, 28)[..10];
        InvalidDataException ex = ReadFails(bytes);
        Assert.Contains("truncated header", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedPayloadIsRejectedWithExpectedAndFound(bool gzip)
    {
        byte[] raw = [.. Header(0x00000803, 2, 3, 3), .. new byte[17]];
        InvalidDataException ex = ReadFails(gzip ? Gzip(raw) : raw, "short.idx");
        Assert.Contains("short.idx", ex.Message);
        Assert.Contains("truncated", ex.Message);
        Assert.Contains("18", ex.Message);
        Assert.Contains("17", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExtraBytesAreRejected(bool gzip)
    {
        byte[] raw = [.. Header(0x00000801, 4), 1, 2, 3, 4, 5];
        InvalidDataException ex = ReadFails(gzip ? Gzip(raw) : raw);
        Assert.Contains("extra bytes", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForgedLargeDimensionsFailFastWithoutLargeAllocation(bool gzip)
    {
        // Claims 150 MB (under the 200 MiB cap) but carries 10 bytes.
        byte[] raw = [.. Header(0x00000803, 150, 1000, 1000), .. new byte[10]];
        byte[] bytes = gzip ? Gzip(raw) : raw;
        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidDataException ex = ReadFails(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("truncated", ex.Message);
        Assert.True(allocated < 8 << 20, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void DimensionsAboveTheCapAreRejectedBeforeAllocation()
    {
        byte[] bytes = [.. Header(0x00000803, 60000, 2800, 2800), .. new byte[10]];
        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidDataException ex = ReadFails(Gzip(bytes));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20);
        Assert.Contains("above the limit", ex.Message);
    }

    [Fact]
    public void OverflowingDimensionsAreRejected()
    {
        InvalidDataException ex = ReadFails(Header(0x00000D04, int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue));
        Assert.Contains("overflows", ex.Message);
    }

    [Fact]
    public void NegativeDimensionIsRejected()
    {
        InvalidDataException ex = ReadFails(Header(0x00000801, -1));
        Assert.Contains("dimension 0", ex.Message);
    }

    [Fact]
    public void CorruptGzipNamesTheFile()
    {
        byte[] gz = Gzip([.. Header(0x00000801, 64), .. new byte[64]]);
        gz[12] ^= 0xFF;
        gz[13] ^= 0xFF;
        InvalidDataException ex = ReadFails(gz, "broken.gz");
        Assert.Contains("broken.gz", ex.Message);
    }

    [Fact]
    public void CustomPayloadLimitIsHonoured()
    {
        byte[] bytes = [.. Header(0x00000801, 100), .. new byte[100]];
        Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(bytes), "x", maxPayloadBytes: 99));
        Assert.Equal(100, IdxReader.Read(new MemoryStream(bytes), "x", maxPayloadBytes: 100).ElementCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryTruncationGivesInvalidDataException(bool gzip)
    {
        using var ms = new MemoryStream();
        IdxWriter.Write(ms, SampleImages(), gzip);
        byte[] full = ms.ToArray();
        for (int length = 0; length < full.Length; length++)
        {
            byte[] prefix = full[..length];
            Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(prefix), "cut"));
        }
    }

    [Fact]
    public void ConstructorRejectsMismatchedPayload() =>
        Assert.Throws<ArgumentException>(() => IdxFile.FromBytes(new byte[5], 2, 3));
}
