using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NeuralSharp.IO;

/// <summary>Builds the safetensors header and streams the tensor data after it.</summary>
internal static class SafeTensorsWriter
{
    private const int HeaderAlignment = 8;

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // The header is never embedded in HTML, so there is no reason to escape '<', '+' or non-ASCII
        // names the way the default encoder does; this matches the reference writer more closely.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>The validated, ordered tensors and the bytes that precede their data.</summary>
    internal sealed record Prepared(byte[] Prefix, SafeTensorsEntry[] Ordered, long TotalLength);

    public static Prepared Prepare(IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var ordered = new SafeTensorsEntry[entries.Count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Length; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException($"Entry {i} is null.", nameof(entries));
            if (!names.Add(entry.Name))
            {
                throw new ArgumentException($"Duplicate tensor name '{entry.Name}'.", nameof(entries));
            }

            RequireWellFormed(entry.Name, "Tensor name", nameof(entries));
            ordered[i] = entry;
        }

        // Largest alignment first keeps every tensor aligned to its element size once the header is
        // padded to 8 bytes; the name breaks ties so the output does not depend on the input order.
        Array.Sort(ordered, static (a, b) =>
        {
            var byRank = SafeTensorsDType.GetSortRank(b.DType).CompareTo(SafeTensorsDType.GetSortRank(a.DType));
            return byRank != 0 ? byRank : CompareUtf8(a.Name, b.Name);
        });

        var json = new ArrayBufferWriter<byte>();
        long offset = 0;
        using (var writer = new Utf8JsonWriter(json, JsonOptions))
        {
            writer.WriteStartObject();
            if (metadata is not null)
            {
                WriteMetadata(writer, metadata);
            }

            foreach (var entry in ordered)
            {
                writer.WriteStartObject(entry.Name);
                writer.WriteString("dtype", entry.DType);
                writer.WriteStartArray("shape");
                foreach (var dim in entry.Shape)
                {
                    writer.WriteNumberValue(dim);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += entry.Data.Length;
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var padding = (HeaderAlignment - (json.WrittenCount % HeaderAlignment)) % HeaderAlignment;
        var headerLength = json.WrittenCount + padding;
        if (headerLength > SafeTensorsFile.MaxHeaderSize)
        {
            throw new ArgumentException(
                $"The header would be {headerLength} bytes; readers reject headers over {SafeTensorsFile.MaxHeaderSize} bytes.",
                nameof(entries));
        }

        var prefix = new byte[sizeof(ulong) + headerLength];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)headerLength);
        json.WrittenSpan.CopyTo(prefix.AsSpan(sizeof(ulong)));
        prefix.AsSpan(sizeof(ulong) + json.WrittenCount).Fill((byte)' ');
        return new Prepared(prefix, ordered, prefix.Length + offset);
    }

    public static void WriteTo(Stream stream, Prepared prepared)
    {
        stream.Write(prepared.Prefix);
        foreach (var entry in prepared.Ordered)
        {
            stream.Write(entry.Data.Span);
        }
    }

    private static void WriteMetadata(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> metadata)
    {
        var keys = metadata.Keys.ToArray();

        // Sorted so identical metadata always yields identical bytes, whatever the dictionary's order.
        Array.Sort(keys, CompareUtf8);
        writer.WriteStartObject(SafeTensorsFile.MetadataKey);
        foreach (var key in keys)
        {
            RequireWellFormed(key, "Metadata key", nameof(metadata));
            var value = metadata[key] ?? throw new ArgumentException($"Metadata value for '{key}' is null.", nameof(metadata));
            RequireWellFormed(value, $"Metadata value for '{key}'", nameof(metadata));
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Rejects lone surrogates: they have no UTF-8 encoding, so the name read back would differ.
    /// </summary>
    private static void RequireWellFormed(string text, string what, string paramName)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                throw new ArgumentException($"{what} contains an unpaired surrogate at index {i}.", paramName);
            }
        }
    }

    /// <summary>
    /// Orders strings by their UTF-8 bytes, as the reference implementation's string comparison does;
    /// comparing scalar values is equivalent and needs no encoding.
    /// </summary>
    private static int CompareUtf8(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var left = a.EnumerateRunes();
        var right = b.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft.CompareTo(hasRight);
            }

            var byValue = left.Current.Value.CompareTo(right.Current.Value);
            if (byValue != 0)
            {
                return byValue;
            }
        }
    }
}
