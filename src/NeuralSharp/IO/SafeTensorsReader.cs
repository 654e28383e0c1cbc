using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;

namespace NeuralSharp.IO;

/// <summary>Parses and validates safetensors data from untrusted input.</summary>
internal static class SafeTensorsReader
{
    private const int LengthPrefixSize = sizeof(ulong);

    // A valid header nests three levels (root, tensor, shape); the margin only tolerates nothing deeper
    // than needed while bounding the parser's work on adversarial nesting.
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        MaxDepth = 8,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>One tensor as the header describes it: byte range relative to the start of the data buffer.</summary>
    internal readonly record struct TensorInfo(string Name, string DType, long[] Shape, long Begin, long End, int HeaderIndex)
    {
        public long ElementCount => Shape.Aggregate(1L, (n, d) => n * d);
    }

    /// <summary>A validated header: the tensors in data order, the metadata, and where the data buffer starts in the input.</summary>
    internal sealed record Header(TensorInfo[] Tensors, Dictionary<string, string>? Metadata)
    {
        public long DataStart { get; init; }
    }

    /// <summary>
    /// Reads and validates only the header of a seekable input, leaving the tensor data unread, so that a caller
    /// can check the tensors against what it expects before reading (and allocating) any of them.
    /// </summary>
    public static Header ReadHeader(Stream stream, string? path)
    {
        var start = stream.Position;
        var available = stream.Length - start;
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        var got = stream.ReadAtLeast(prefix, LengthPrefixSize, throwOnEndOfStream: false);
        var headerLength = CheckHeaderLength(prefix[..got], available, path);
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, path, "the header");
        return ParseHeader(headerBytes, available - LengthPrefixSize - headerLength, path) with { DataStart = start + LengthPrefixSize + headerLength };
    }

    /// <summary>Reads the raw bytes of one tensor described by <paramref name="header"/> (a seek, then one read).</summary>
    public static byte[] ReadTensor(Stream stream, Header header, TensorInfo tensor, string? path)
    {
        stream.Position = header.DataStart + tensor.Begin;
        var bytes = new byte[tensor.End - tensor.Begin];
        ReadExactly(stream, bytes, path, $"tensor '{tensor.Name}'");
        return bytes;
    }

    public static SafeTensorsContent ReadSpan(ReadOnlySpan<byte> file, string? path)
    {
        var headerLength = CheckHeaderLength(file, file.Length, path);
        var header = ParseHeader(
            file.Slice(LengthPrefixSize, headerLength),
            file.Length - LengthPrefixSize - headerLength,
            path);
        var data = file[(LengthPrefixSize + headerLength)..];
        var entries = new SafeTensorsEntry[header.Tensors.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var t = header.Tensors[i];
            entries[i] = new SafeTensorsEntry(t.Name, t.DType, t.Shape, data[(int)t.Begin..(int)t.End].ToArray());
        }

        return new SafeTensorsContent(entries, header.Metadata);
    }

    public static SafeTensorsContent ReadSeekable(Stream stream, string? path)
    {
        var available = stream.Length - stream.Position;
        Span<byte> prefix = stackalloc byte[LengthPrefixSize];
        var got = stream.ReadAtLeast(prefix, LengthPrefixSize, throwOnEndOfStream: false);
        var headerLength = CheckHeaderLength(prefix[..got], available, path);

        // Safe to allocate: the length was just checked against the real input length and the cap.
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, path, "the header");
        var header = ParseHeader(headerBytes, available - LengthPrefixSize - headerLength, path);

        // The tensors were validated to tile the data buffer in this order, so reading them one after
        // another consumes exactly the rest of the input without seeking.
        var entries = new SafeTensorsEntry[header.Tensors.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var t = header.Tensors[i];
            var bytes = new byte[t.End - t.Begin];
            ReadExactly(stream, bytes, path, $"tensor '{t.Name}'");
            entries[i] = new SafeTensorsEntry(t.Name, t.DType, t.Shape, bytes);
        }

        return new SafeTensorsContent(entries, header.Metadata);
    }

    /// <summary>Reads and bounds the header length from the first bytes of an input of <paramref name="available"/> bytes.</summary>
    private static int CheckHeaderLength(ReadOnlySpan<byte> start, long available, string? path)
    {
        if (available < LengthPrefixSize || start.Length < LengthPrefixSize)
        {
            throw Fail($"the input is {available} bytes, shorter than the 8-byte header length.", path);
        }

        var declared = BinaryPrimitives.ReadUInt64LittleEndian(start);
        if (declared > SafeTensorsFile.MaxHeaderSize)
        {
            throw Fail($"the declared header length {declared} exceeds the {SafeTensorsFile.MaxHeaderSize}-byte limit.", path);
        }

        if ((long)declared > available - LengthPrefixSize)
        {
            throw Fail(
                $"the declared header length {declared} is larger than the {available - LengthPrefixSize} bytes after the length field.",
                path);
        }

        if (declared == 0)
        {
            throw Fail("the header is empty; it must be a JSON object.", path);
        }

        return (int)declared;
    }

    private static Header ParseHeader(ReadOnlySpan<byte> headerBytes, long dataLength, string? path)
    {
        if (!Utf8.IsValid(headerBytes))
        {
            throw Fail("the header is not valid UTF-8.", path);
        }

        if (headerBytes[0] != (byte)'{')
        {
            throw Fail($"the header must start with '{{' but starts with byte 0x{headerBytes[0]:X2}.", path);
        }

        JsonDocument document;
        try
        {
            // JsonDocument needs memory it can keep; the copy is bounded by the already-validated length.
            document = JsonDocument.Parse(headerBytes.ToArray(), JsonOptions);
        }
        catch (JsonException ex)
        {
            throw Fail($"the header is not valid JSON: {ex.Message}", path, ex);
        }

        using (document)
        {
            try
            {
                return Interpret(document.RootElement, dataLength, path);
            }
            catch (InvalidOperationException ex)
            {
                // System.Text.Json reports strings whose escapes decode to invalid UTF-16 this way.
                throw Fail($"the header contains an unreadable string: {ex.Message}", path, ex);
            }
        }
    }

    private static Header Interpret(JsonElement root, long dataLength, string? path)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"the header must be a JSON object, not {root.ValueKind}.", path);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new List<TensorInfo>();
        Dictionary<string, string>? metadata = null;
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            if (!seen.Add(name))
            {
                throw Fail($"the header names '{name}' more than once.", path);
            }

            if (name == SafeTensorsFile.MetadataKey)
            {
                metadata = ParseMetadata(property.Value, path);
            }
            else
            {
                if (tensors.Count == SafeTensorsFile.MaxTensorCount)
                {
                    throw Fail($"the header describes more than {SafeTensorsFile.MaxTensorCount} tensors, more than any model this library reads.", path);
                }

                tensors.Add(ParseTensor(name, property.Value, tensors.Count, dataLength, path));
            }
        }

        // Order by position in the data buffer; ties (zero-size tensors) keep header order.
        var ordered = tensors.ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            var c = a.Begin.CompareTo(b.Begin);
            if (c == 0)
            {
                c = a.End.CompareTo(b.End);
            }

            return c != 0 ? c : a.HeaderIndex.CompareTo(b.HeaderIndex);
        });

        long covered = 0;
        TensorInfo? previous = null;
        foreach (var t in ordered)
        {
            if (t.Begin < covered)
            {
                throw Fail($"tensors '{previous!.Value.Name}' and '{t.Name}' overlap at byte {t.Begin} of the data buffer.", path);
            }

            if (t.Begin > covered)
            {
                throw Fail($"bytes {covered} to {t.Begin} of the data buffer belong to no tensor.", path);
            }

            covered = t.End;
            previous = t;
        }

        if (covered != dataLength)
        {
            throw Fail(
                $"the tensors cover {covered} bytes but the data buffer after the header is {dataLength} bytes; the trailing bytes belong to no tensor.",
                path);
        }

        return new Header(ordered, metadata);
    }

    private static Dictionary<string, string>? ParseMetadata(JsonElement value, string? path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"'{SafeTensorsFile.MetadataKey}' must be an object of strings, not {value.ValueKind}.", path);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Fail($"metadata value for '{item.Name}' must be a string, not {item.Value.ValueKind}.", path);
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw Fail($"metadata key '{item.Name}' appears more than once.", path);
            }
        }

        return metadata;
    }

    private static TensorInfo ParseTensor(string name, JsonElement value, int headerIndex, long dataLength, string? path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"tensor '{name}' must be described by an object, not {value.ValueKind}.", path);
        }

        string? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        foreach (var field in value.EnumerateObject())
        {
            // Unknown fields are ignored, as the reference reader does, but known ones may appear once.
            switch (field.Name)
            {
                case "dtype":
                    if (dtype is not null)
                    {
                        throw Fail($"tensor '{name}' has more than one 'dtype'.", path);
                    }

                    if (field.Value.ValueKind != JsonValueKind.String)
                    {
                        throw Fail($"tensor '{name}': 'dtype' must be a string, not {field.Value.ValueKind}.", path);
                    }

                    dtype = field.Value.GetString()!;
                    break;
                case "shape":
                    if (shape is not null)
                    {
                        throw Fail($"tensor '{name}' has more than one 'shape'.", path);
                    }

                    shape = ParseIntegers(name, "shape", field.Value, path);
                    break;
                case "data_offsets":
                    if (offsets is not null)
                    {
                        throw Fail($"tensor '{name}' has more than one 'data_offsets'.", path);
                    }

                    offsets = ParseIntegers(name, "data_offsets", field.Value, path);
                    if (offsets.Length != 2)
                    {
                        throw Fail($"tensor '{name}': 'data_offsets' must hold exactly two numbers, not {offsets.Length}.", path);
                    }

                    break;
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            var missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw Fail($"tensor '{name}' has no '{missing}'.", path);
        }

        if (!SafeTensorsDType.TryGetElementSize(dtype, out var elementSize))
        {
            throw Fail($"tensor '{name}' has unsupported dtype '{dtype}'.", path);
        }

        var (begin, end) = (offsets[0], offsets[1]);
        if (begin > end)
        {
            throw Fail($"tensor '{name}': data_offsets [{begin}, {end}] end before they begin.", path);
        }

        if (end > dataLength)
        {
            throw Fail($"tensor '{name}': data_offsets [{begin}, {end}] go past the end of the {dataLength}-byte data buffer.", path);
        }

        var expected = SafeTensorsEntry.ComputeByteLength(shape, elementSize, out var problem);
        if (problem is not null)
        {
            throw Fail($"tensor '{name}': {problem}", path);
        }

        if (expected != end - begin)
        {
            throw Fail(
                $"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtype} needs {expected} bytes but data_offsets [{begin}, {end}] span {end - begin}.",
                path);
        }

        if (expected > Array.MaxLength)
        {
            throw Fail($"tensor '{name}' is {expected} bytes; tensors over {Array.MaxLength} bytes are not supported.", path);
        }

        return new TensorInfo(name, dtype, shape, begin, end, headerIndex);
    }

    private static long[] ParseIntegers(string name, string field, JsonElement value, string? path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Fail($"tensor '{name}': '{field}' must be an array, not {value.ValueKind}.", path);
        }

        var result = new long[value.GetArrayLength()];
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var number) || number < 0)
            {
                throw Fail($"tensor '{name}': '{field}' must hold non-negative integers, but item {i} is {item.GetRawText()}.", path);
            }

            result[i++] = number;
        }

        return result;
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string? path, string what)
    {
        var got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (got != buffer.Length)
        {
            throw Fail($"the input ended while reading {what} ({got} of {buffer.Length} bytes).", path);
        }
    }

    private static ModelFormatException Fail(string message, string? path, Exception? inner = null) =>
        new($"invalid safetensors data: {message}", path, inner);
}
