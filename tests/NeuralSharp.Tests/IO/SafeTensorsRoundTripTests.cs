using NeuralSharp.IO;

namespace NeuralSharp.Tests.IO;

public sealed class SafeTensorsRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ns-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FileRoundTripIsBitExact()
    {
        var entries = SafeTensorsTestData.SampleEntries();
        var path = Path.Combine(_dir, "model.safetensors");

        SafeTensorsFile.Write(path, entries, SafeTensorsTestData.SampleMetadata());
        var content = SafeTensorsFile.Read(path);

        SafeTensorsTestData.AssertSameEntries(entries, content);
        Assert.Equal(SafeTensorsTestData.SampleMetadata(), content.Metadata);
        Assert.Equal(new float[] { 1.5f, -2.25f, 0f, -0f, float.Epsilon, float.PositiveInfinity }, content["layer.0.weight"].ToSingles());
        Assert.True(float.IsNegative(content["layer.0.weight"].ToSingles()[3]));
        Assert.Equal(new[] { Math.PI, -1e-300, 12345.678 }, content["layer.0.bias"].ToDoubles());
        Assert.Equal(new[] { int.MinValue, -1, 0, int.MaxValue }, content["counts"].ToInt32s());
        Assert.Equal(new[] { 1L << 40 }, content["step"].ToInt64s());
        Assert.Equal("gewicht.ü.日本", content["gewicht.ü.日本"].Name);
    }

    [Fact]
    public void ScalarAndZeroSizeTensorsRoundTrip()
    {
        SafeTensorsEntry[] entries =
        [
            SafeTensorsEntry.FromDoubles("scalar", [], [2.5]),
            SafeTensorsEntry.FromInt32s("zero_a", [0], []),
            SafeTensorsEntry.FromInt32s("zero_b", [3, 0, 7], []),
        ];

        var content = SafeTensorsFile.Read(SafeTensorsFile.ToBytes(entries, metadata: null));

        Assert.Equal(0, content["scalar"].Shape.Length);
        Assert.Equal(1, content["scalar"].ElementCount);
        Assert.Equal(new[] { 2.5 }, content["scalar"].ToDoubles());
        Assert.Equal(new long[] { 3, 0, 7 }, content["zero_b"].GetShape());
        Assert.Equal(0, content["zero_b"].ElementCount);
        Assert.Empty(content["zero_a"].ToInt32s());
        Assert.Empty(content.Metadata);
    }

    [Fact]
    public void EmptyFileRoundTrips()
    {
        var content = SafeTensorsFile.Read(SafeTensorsFile.ToBytes([], null));

        Assert.Empty(content.Entries);
        Assert.Empty(content.Metadata);
    }

    [Fact]
    public void SpanStreamAndPathReadersAgree()
    {
        var entries = SafeTensorsTestData.SampleEntries();
        var bytes = SafeTensorsFile.ToBytes(entries, SafeTensorsTestData.SampleMetadata());
        var path = Path.Combine(_dir, "m.safetensors");
        using (var file = File.Create(path))
        {
            SafeTensorsFile.Write(file, entries, SafeTensorsTestData.SampleMetadata());
        }

        Assert.Equal(bytes, File.ReadAllBytes(path));
        using var seekable = new MemoryStream(bytes);
        using var forwardOnly = new ForwardOnlyStream(bytes);
        foreach (var content in new[] { SafeTensorsFile.Read(bytes), SafeTensorsFile.Read(seekable), SafeTensorsFile.Read(forwardOnly), SafeTensorsFile.Read(path) })
        {
            SafeTensorsTestData.AssertSameEntries(entries, content);
            Assert.Equal(SafeTensorsTestData.SampleMetadata(), content.Metadata);
        }
    }

    [Fact]
    public void StreamReadStartsAtCurrentPosition()
    {
        var bytes = SafeTensorsFile.ToBytes([SafeTensorsEntry.FromInt32s("x", [1], [7])], null);
        using var stream = new MemoryStream();
        stream.Write("junk"u8);
        stream.Write(bytes);
        stream.Position = 4;

        Assert.Equal(new[] { 7 }, SafeTensorsFile.Read(stream)["x"].ToInt32s());
    }

    [Fact]
    public void OutputIsDeterministicAndOrderedLikeTheReferenceWriter()
    {
        var entries = SafeTensorsTestData.SampleEntries();
        var shuffled = entries.Reverse().ToArray();
        var metadataReversed = SafeTensorsTestData.SampleMetadata().Reverse().ToDictionary();

        var a = SafeTensorsFile.ToBytes(entries, SafeTensorsTestData.SampleMetadata());
        var b = SafeTensorsFile.ToBytes(shuffled, metadataReversed);
        Assert.Equal(a, b);

        // Descending alignment, then name: 8-byte types, 4-byte, 2-byte, then 1-byte (U8 before BOOL).
        var order = SafeTensorsFile.Read(a).Entries.Select(e => e.Name).ToArray();
        Assert.Equal(
            ["step", "layer.0.bias", "empty", "gewicht.ü.日本", "layer.0.weight", "counts", "bf", "half", "bytes", "mask"],
            order);
    }

    [Fact]
    public void DataStartsAlignedToEightBytes()
    {
        var bytes = SafeTensorsFile.ToBytes(SafeTensorsTestData.SampleEntries(), SafeTensorsTestData.SampleMetadata());
        var headerLength = BitConverter.ToUInt64(bytes, 0);

        Assert.Equal(0UL, headerLength % 8);
        var header = System.Text.Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.EndsWith("}", header.TrimEnd(' '), StringComparison.Ordinal);
        Assert.True(header.Length - header.TrimEnd(' ').Length < 8);
    }

    [Fact]
    public void ContentLookup()
    {
        var content = SafeTensorsFile.Read(SafeTensorsFile.ToBytes(SafeTensorsTestData.SampleEntries(), null));

        Assert.True(content.Contains("counts"));
        Assert.False(content.Contains("Counts"));
        Assert.True(content.TryGetEntry("mask", out var mask));
        Assert.Equal(new byte[] { 1, 0, 1 }, mask.Data.ToArray());
        Assert.False(content.TryGetEntry("nope", out _));
        Assert.Throws<KeyNotFoundException>(() => content["nope"]);
        Assert.Equal(content.Entries.Select(e => e.Name), content.Names);
    }

    [Fact]
    public void ConvertersRejectTheWrongDType()
    {
        var entry = SafeTensorsEntry.FromInt32s("i", [1], [1]);

        Assert.Throws<InvalidOperationException>(() => entry.ToSingles());
    }

    /// <summary>A stream that cannot seek, like a network or pipe stream.</summary>
    internal sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 3));

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
