using System.Text.Json;

namespace NeuralSharp.Cli.Setup;

/// <summary>
/// Feature scaling fitted on the training rows and stored in the model file: each column becomes
/// (x - offset) / scale. Standardisation takes the mean and standard deviation, min-max the minimum and the range;
/// a constant column keeps scale 1.
/// </summary>
internal sealed record Scaling(string Kind, float[] Offset, float[] Scale)
{
    public static readonly string[] Kinds = ["standard", "minmax", "none"];

    /// <summary>The widest scaling a model file may hold (one entry per input).</summary>
    public const int MaxColumns = 1 << 20;

    /// <summary>Fits <paramref name="kind"/> (standard or minmax) to <paramref name="features"/>, rows of <paramref name="columns"/> values.</summary>
    public static Scaling Fit(string kind, float[] features, int columns)
    {
        var rows = features.Length / columns;
        var offset = new float[columns];
        var scale = new float[columns];
        for (var c = 0; c < columns; c++)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (var r = 0; r < rows; r++)
            {
                double v = features[((long)r * columns) + c];
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            var mean = sum / Math.Max(rows, 1);
            double squares = 0;
            for (var r = 0; r < rows; r++)
            {
                var d = features[((long)r * columns) + c] - mean;
                squares += d * d;
            }

            var (o, s) = kind == "minmax" ? (min, max - min) : (mean, Math.Sqrt(squares / Math.Max(rows, 1)));
            offset[c] = (float)o;
            scale[c] = s > 1e-12 && float.IsFinite((float)s) ? (float)s : 1f;
        }

        return new Scaling(kind, offset, scale);
    }

    /// <summary>A scaled copy of <paramref name="values"/>, rows of <paramref name="columns"/> values.</summary>
    public float[] Apply(float[] values, int columns)
    {
        if (columns != Offset.Length)
        {
            throw new ArgumentException($"the model's {Kind} scaling has {Offset.Length} columns but the data has {columns}");
        }

        var result = new float[values.Length];
        for (long i = 0; i < values.LongLength; i++)
        {
            var c = (int)(i % columns);
            result[i] = (values[i] - Offset[c]) / Scale[c];
        }

        return result;
    }

    /// <summary>Undoes the scaling of one column's value (a regression prediction).</summary>
    public float Invert(float value, int column = 0) => (value * Scale[column]) + Offset[column];

    public Dictionary<string, object> ToJson() => new() { ["kind"] = Kind, ["offset"] = Offset, ["scale"] = Scale };

    /// <summary>Reads a scaling from a model file's metadata, which is untrusted: every field is checked.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="columns">The number of columns it must have, or -1 for any.</param>
    /// <param name="bad">Makes the exception for a bad field.</param>
    public static Scaling FromJson(JsonElement element, int columns, Func<string, Exception> bad)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String
            || kind.GetString() is not ("standard" or "minmax"))
        {
            throw bad("must be an object with 'kind' standard or minmax");
        }

        float[] Read(string name, bool positive)
        {
            if (!element.TryGetProperty(name, out var a) || a.ValueKind != JsonValueKind.Array || a.GetArrayLength() > MaxColumns
                || (columns >= 0 && a.GetArrayLength() != columns))
            {
                throw bad($"field '{name}' must be a list of {(columns >= 0 ? columns.ToString(System.Globalization.CultureInfo.InvariantCulture) : "at most " + MaxColumns)} numbers");
            }

            var values = new float[a.GetArrayLength()];
            var i = 0;
            foreach (var e in a.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetSingle(out values[i]) || !float.IsFinite(values[i]) || (positive && !(values[i] > 0)))
                {
                    throw bad($"field '{name}' must hold finite numbers{(positive ? " above 0" : "")}");
                }

                i++;
            }

            return values;
        }

        var offset = Read("offset", positive: false);
        var scale = Read("scale", positive: true);
        return offset.Length == scale.Length ? new Scaling(kind.GetString()!, offset, scale) : throw bad("fields 'offset' and 'scale' differ in length");
    }
}
