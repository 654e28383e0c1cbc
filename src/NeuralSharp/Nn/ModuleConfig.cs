using System.Text.Json;
using NeuralSharp.IO;

namespace NeuralSharp.Nn;

/// <summary>
/// The constructor settings of one layer (sizes, rates, flags), as written into and read back from the
/// architecture stored in a model file. Values are integers, numbers, booleans, strings or integer lists.
/// </summary>
/// <remarks>Reading is strict because the values come from a file: a missing key or a value of the wrong
/// kind or range is a <see cref="ModelFormatException"/> naming the key.</remarks>
public sealed class ModuleConfig
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    /// <summary>The keys, in the order they were set.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Sets an integer setting.</summary>
    public ModuleConfig Set(string key, long value) => Put(key, value);

    /// <summary>Sets a real-valued setting; it must be finite (JSON has no NaN or infinity).</summary>
    public ModuleConfig Set(string key, double value) =>
        double.IsFinite(value) ? Put(key, value) : throw new ArgumentException($"config '{key}': {value} cannot be stored", nameof(value));

    /// <summary>Sets a boolean setting.</summary>
    public ModuleConfig Set(string key, bool value) => Put(key, value);

    /// <summary>Sets a string setting.</summary>
    public ModuleConfig Set(string key, string value) => Put(key, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Sets an integer-list setting (a shape).</summary>
    public ModuleConfig Set(string key, IReadOnlyList<int> value) => Put(key, value.ToArray());

    /// <summary>Whether <paramref name="key"/> is set.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>An integer setting in [min, max].</summary>
    public int GetInt(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        var v = Get(key);
        return v is long n && n >= min && n <= max ? (int)n : throw Bad(key, $"an integer in [{min}, {max}]", v);
    }

    /// <summary>A 64-bit integer setting in [min, max].</summary>
    public long GetLong(string key, long min = long.MinValue, long max = long.MaxValue)
    {
        var v = Get(key);
        return v is long n && n >= min && n <= max ? n : throw Bad(key, $"an integer in [{min}, {max}]", v);
    }

    /// <summary>A real-valued setting in [min, max]; integers are accepted.</summary>
    public double GetNumber(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var v = Get(key);
        var d = v switch { double x => x, long n => n, _ => double.NaN };
        return d >= min && d <= max ? d : throw Bad(key, $"a number in [{min}, {max}]", v);
    }

    /// <summary>A boolean setting.</summary>
    public bool GetBool(string key) => Get(key) is bool b ? b : throw Bad(key, "true or false", Get(key));

    /// <summary>A string setting.</summary>
    public string GetString(string key) => Get(key) is string s ? s : throw Bad(key, "a string", Get(key));

    /// <summary>An integer-list setting of at most <paramref name="maxLength"/> items, each in [min, max].</summary>
    public int[] GetIntArray(string key, int min = int.MinValue, int max = int.MaxValue, int maxLength = 64)
    {
        var v = Get(key);
        return v is int[] a && a.Length <= maxLength && a.All(x => x >= min && x <= max)
            ? (int[])a.Clone()
            : throw Bad(key, $"a list of at most {maxLength} integers in [{min}, {max}]", v);
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in _values)
        {
            writer.WritePropertyName(key);
            switch (value)
            {
                case long n: writer.WriteNumberValue(n); break;
                case double d: writer.WriteNumberValue(d); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case string s: writer.WriteStringValue(s); break;
                case int[] a:
                    writer.WriteStartArray();
                    foreach (var x in a)
                    {
                        writer.WriteNumberValue(x);
                    }

                    writer.WriteEndArray();
                    break;
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads a config object from untrusted JSON; anything but the supported kinds is a format error.</summary>
    internal static ModuleConfig FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException($"the config must be a JSON object, not {element.ValueKind}");
        }

        var config = new ModuleConfig();
        foreach (var p in element.EnumerateObject())
        {
            object value = p.Value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.Number => p.Value.TryGetInt64(out var n) ? (object)n : Finite(p.Value, p.Name),
                JsonValueKind.Array => p.Value.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out var i)
                    ? i
                    : throw new ModelFormatException($"config '{p.Name}' must be a list of integers")).ToArray(),
                _ => throw new ModelFormatException($"config '{p.Name}' has an unsupported value of kind {p.Value.ValueKind}"),
            };
            if (!config._values.TryAdd(p.Name, value))
            {
                throw new ModelFormatException($"config '{p.Name}' appears twice");
            }
        }

        return config;
    }

    private static double Finite(JsonElement number, string key) =>
        double.TryParse(number.GetRawText(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw new ModelFormatException($"config '{key}' is out of range");

    private ModuleConfig Put(string key, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _values[key] = value;
        return this;
    }

    private object? Get(string key) =>
        _values.TryGetValue(key, out var v) ? v : throw new ModelFormatException($"config '{key}' is missing");

    private static ModelFormatException Bad(string key, string expected, object? actual) =>
        new($"config '{key}' must be {expected}, not {Describe(actual)}");

    private static string Describe(object? v) => v switch
    {
        int[] a => $"[{string.Join(", ", a.Take(8))}{(a.Length > 8 ? ", ..." : string.Empty)}]",
        string s => $"\"{(s.Length > 40 ? s[..40] + "..." : s)}\"",
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };
}
