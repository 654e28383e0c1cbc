using NeuralSharp.IO;
using static NeuralSharp.Tests.IO.SafeTensorsTestData;

namespace NeuralSharp.Tests.IO;

public sealed class SafeTensorsValidationTests
{
    private const string F32x2At0 = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    public static TheoryData<string, byte[], string> Malformed()
    {
        var eight = new byte[8];
        var twelve = new byte[12];
        return new TheoryData<string, byte[], string>
        {
            // Framing.
            { "empty input", [], "shorter than the 8-byte" },
            { "7 bytes", new byte[7], "shorter than the 8-byte" },
            { "header over the cap", Assemble("{}", [], declaredHeaderLength: 100_000_001), "exceeds" },
            { "header length near 2^64", Assemble("{}", [], declaredHeaderLength: ulong.MaxValue), "exceeds" },
            { "header longer than the file", Assemble("{}", [], declaredHeaderLength: 3), "larger than" },
            { "zero header length", Assemble(string.Empty, []), "empty" },
            { "invalid UTF-8", Assemble([(byte)'{', 0xC3, 0x28, (byte)'}'], []), "UTF-8" },
            { "leading whitespace", Assemble(" {}", []), "must start with '{'" },
            { "array root", Assemble("[]", []), "must start with '{'" },
            { "not JSON", Assemble("{abc}", []), "not valid JSON" },
            { "truncated JSON", Assemble("{\"a\":", []), "not valid JSON" },
            { "trailing garbage in header", Assemble("{}x", []), "not valid JSON" },
            { "trailing comma", Assemble("{\"__metadata__\":{},}", []), "not valid JSON" },
            { "comment", Assemble("{/* hi */}", []), "not valid JSON" },
            { "deep nesting", Assemble("{\"a\":" + new string('[', 100) + new string(']', 100) + "}", []), "not valid JSON" },
            { "NUL padding", Assemble("{}\0\0", []), "not valid JSON" },

            // Names and value types.
            { "lone surrogate escape in a name", Assemble($"{{\"\\ud800\":{F32x2At0}}}", eight), "unreadable string" },
            { "lone surrogate escape in metadata", Assemble("{\"__metadata__\":{\"k\":\"\\udc00\"}}", []), "unreadable string" },
            { "duplicate tensor", Assemble($"{{\"a\":{F32x2At0},\"a\":{F32x2At0}}}", eight), "more than once" },
            { "duplicate metadata", Assemble("{\"__metadata__\":{},\"__metadata__\":{}}", []), "more than once" },
            { "tensor is a number", Assemble("{\"a\":1}", []), "must be described by an object" },
            { "tensor is null", Assemble("{\"a\":null}", []), "must be described by an object" },
            { "metadata is an array", Assemble("{\"__metadata__\":[]}", []), "must be an object of strings" },
            { "metadata value is a number", Assemble("{\"__metadata__\":{\"k\":1}}", []), "must be a string" },
            { "duplicate metadata key", Assemble("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", []), "more than once" },
            { "dtype is a number", Assemble("{\"a\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "'dtype' must be a string" },
            { "unknown dtype", Assemble("{\"a\":{\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "unsupported dtype 'F4'" },
            { "dtype in lower case", Assemble("{\"a\":{\"dtype\":\"f32\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "unsupported dtype" },
            { "duplicate dtype field", Assemble("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "more than one 'dtype'" },
            { "missing dtype", Assemble("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "no 'dtype'" },
            { "missing shape", Assemble("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", eight), "no 'shape'" },
            { "missing offsets", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", eight), "no 'data_offsets'" },
            { "shape is a number", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", eight), "must be an array" },
            { "negative dimension", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", eight), "non-negative integers" },
            { "fractional dimension", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", eight), "non-negative integers" },
            { "string dimension", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"2\"],\"data_offsets\":[0,8]}}", eight), "non-negative integers" },
            { "dimension beyond 2^63", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]}}", eight), "non-negative integers" },
            { "one offset", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", eight), "exactly two" },
            { "three offsets", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", eight), "exactly two" },
            { "negative offset", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", eight), "non-negative integers" },
            { "offsets as object", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":{}}}", eight), "must be an array" },

            // Offsets and sizes.
            { "end before begin", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}", eight), "end before they begin" },
            { "past the data", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", eight), "past the end" },
            { "huge offsets", Assemble("{\"a\":{\"dtype\":\"U8\",\"shape\":[9000000000000000000],\"data_offsets\":[0,9000000000000000000]}}", eight), "past the end" },
            { "shape disagrees with offsets", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", eight), "needs 12 bytes" },
            { "dtype size disagrees", Assemble("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", eight), "needs 16 bytes" },
            { "element count overflow", Assemble("{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", eight), "overflows" },
            { "byte size overflow", Assemble("{\"a\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904],\"data_offsets\":[0,8]}}", eight), "overflows" },
            { "overlap", Assemble($"{{\"a\":{F32x2At0},\"b\":{{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}}}", twelve), "overlap" },
            { "same range twice", Assemble($"{{\"a\":{F32x2At0},\"b\":{F32x2At0}}}", eight), "overlap" },
            { "hole between tensors", Assemble($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}},\"b\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}}}", twelve), "belong to no tensor" },
            { "hole at start", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", eight), "belong to no tensor" },
            { "trailing data", Assemble("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", eight), "belong to no tensor" },
            { "data without tensors", Assemble("{}", eight), "belong to no tensor" },
            { "truncated data", Assemble($"{{\"a\":{F32x2At0}}}", new byte[7]), "past the end" },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void SpanReaderRejects(string description, byte[] file, string expectedMessagePart)
    {
        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Read(file));

        Assert.Contains(expectedMessagePart, ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.FilePath);
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void StreamReadersReject(string description, byte[] file, string expectedMessagePart)
    {
        using var seekable = new MemoryStream(file);
        using var forwardOnly = new SafeTensorsRoundTripTests.ForwardOnlyStream(file);

        Assert.Contains(expectedMessagePart, Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Read(seekable)).Message, StringComparison.Ordinal);
        Assert.Contains(expectedMessagePart, Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Read(forwardOnly)).Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(description));
    }

    [Fact]
    public void PathReaderNamesTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("ns-st-");
        try
        {
            var path = Path.Combine(dir.FullName, "broken.safetensors");
            File.WriteAllBytes(path, Assemble("{\"a\":1}", []));

            var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Read(path));

            Assert.Equal(path, ex.FilePath);
            Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
            Assert.Contains("'a'", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void MissingFileIsNotWrapped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ns-missing-{Guid.NewGuid():N}.safetensors");

        Assert.Throws<FileNotFoundException>(() => SafeTensorsFile.Read(path));
        Assert.Throws<DirectoryNotFoundException>(() => SafeTensorsFile.Read(Path.Combine(path, "x.safetensors")));
    }

    [Fact]
    public void StreamThatEndsEarlyIsReportedAsTruncated()
    {
        // A seekable stream whose Length promises more than it delivers, as a file truncated while
        // being read would.
        var file = SafeTensorsFile.ToBytes([SafeTensorsEntry.FromInt32s("x", [4], [1, 2, 3, 4])], null);
        using var lying = new ShortReadStream(file, deliver: file.Length - 3);

        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Read(lying));

        Assert.Contains("ended while reading tensor 'x'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForgedHeaderLengthDoesNotAllocateIt()
    {
        var file = Assemble("{}", [], declaredHeaderLength: SafeTensorsFile.MaxHeaderSize);
        using var stream = new MemoryStream(file);
        SafeTensorsFile.Read(new MemoryStream(SafeTensorsFile.ToBytes([], null)));

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Read(stream));
        Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Read(file));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ForgedTensorSizeDoesNotAllocateIt()
    {
        var file = Assemble("{\"a\":{\"dtype\":\"U8\",\"shape\":[1000000000],\"data_offsets\":[0,1000000000]}}", new byte[8]);
        using var stream = new MemoryStream(file);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ModelFormatException>(() => SafeTensorsFile.Read(stream));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void WriterRejectsInvalidInputBeforeWriting()
    {
        var a = SafeTensorsEntry.FromInt32s("a", [1], [1]);
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(stream, [a, SafeTensorsEntry.FromInt32s("a", [1], [2])]));
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(stream, [a, null!]));
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(stream, [a], new Dictionary<string, string> { ["k"] = null! }));
        Assert.Throws<ArgumentException>(() => SafeTensorsFile.Write(stream, [SafeTensorsEntry.FromInt32s("bad\uD800", [1], [1])]));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void EntryConstructorValidates()
    {
        Assert.Throws<ArgumentException>(() => new SafeTensorsEntry("x", "F32", [3], new byte[8]));
        Assert.Throws<ArgumentException>(() => new SafeTensorsEntry("x", "F33", [2], new byte[8]));
        Assert.Throws<ArgumentException>(() => new SafeTensorsEntry("x", "F32", [-2], new byte[8]));
        Assert.Throws<ArgumentException>(() => new SafeTensorsEntry("x", "U8", [long.MaxValue, 2], new byte[8]));
        Assert.Throws<ArgumentException>(() => new SafeTensorsEntry(SafeTensorsFile.MetadataKey, "U8", [0], Array.Empty<byte>()));
        Assert.Throws<ArgumentNullException>(() => new SafeTensorsEntry(null!, "U8", [0], Array.Empty<byte>()));
        Assert.Equal(0, new SafeTensorsEntry("zero", "U8", [0, long.MaxValue, long.MaxValue], Array.Empty<byte>()).ElementCount);
    }

    private sealed class ShortReadStream(byte[] data, int deliver) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Max(0, Math.Min(count, deliver - _position));
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
