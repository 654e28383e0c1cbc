using System.Globalization;

namespace NeuralSharp.Data;

/// <summary>
/// A numeric table read from CSV: one label column (<see cref="Targets"/>) and the remaining columns as features,
/// row-major in <see cref="Features"/>. Numbers use the invariant culture ('.' as decimal point) whatever the machine's locale.
/// </summary>
public sealed class CsvDataset
{
    private CsvDataset(float[] features, float[] targets, string[] featureNames, string targetName)
    {
        Features = features;
        Targets = targets;
        FeatureNames = featureNames;
        TargetName = targetName;
    }

    /// <summary>Feature values, <see cref="Count"/> x <see cref="FeatureCount"/>, row-major.</summary>
    public float[] Features { get; }

    /// <summary>Value of the label column in each row.</summary>
    public float[] Targets { get; }

    /// <summary>Names of the feature columns, from the header or <c>column0</c>, <c>column1</c>, ... without one.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Name of the label column.</summary>
    public string TargetName { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Targets.Length;

    /// <summary>Number of feature columns.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>Reads a CSV file.</summary>
    /// <param name="path">File to read (UTF-8).</param>
    /// <param name="options">Parsing options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The table.</returns>
    /// <exception cref="InvalidDataException">A row is malformed; the message names the file, line and column.</exception>
    public static CsvDataset Load(string path, CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(IO.RegularFile.OpenRead(path));
        return Parse(reader, path, options);
    }

    /// <summary>The longest line accepted (4 Mi characters): a file of one endless line must not exhaust memory.</summary>
    public const int MaxLineLength = 1 << 22;

    /// <summary>Reads one line (without its end) of at most <paramref name="max"/> characters, or null at the end.</summary>
    private static string? ReadLine(TextReader reader, System.Text.StringBuilder buffer, int max, string sourceName, int lineNumber)
    {
        buffer.Clear();
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n')
            {
                return buffer.ToString();
            }

            if (c == '\r')
            {
                if (reader.Peek() == '\n')
                {
                    reader.Read();
                }

                return buffer.ToString();
            }

            if (buffer.Length == max)
            {
                throw Fail(sourceName, lineNumber, $"the line is longer than {max:N0} characters.");
            }

            buffer.Append((char)c);
        }

        return buffer.Length > 0 ? buffer.ToString() : null;
    }

    /// <summary>Reads CSV text.</summary>
    /// <param name="reader">Source of the text.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <param name="options">Parsing options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The table.</returns>
    /// <exception cref="InvalidDataException">A row is malformed; the message names the source, line and column.</exception>
    public static CsvDataset Parse(TextReader reader, string sourceName = "<csv>", CsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new CsvOptions();
        var features = new List<float>();
        var targets = new List<float>();
        string[]? names = null;
        int labelIndex = -1;
        int lineNumber = 0;
        string? line;
        var buffer = new System.Text.StringBuilder();
        while ((line = ReadLine(reader, buffer, MaxLineLength, sourceName, lineNumber + 1)) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            List<string> fields = Split(line, options.Delimiter, sourceName, lineNumber);
            if (names is null)
            {
                bool header = options.HasHeader ?? fields.Exists(f => !TryParse(f, out _));
                names = header ? [.. fields] : Enumerable.Range(0, fields.Count).Select(i => $"column{i}").ToArray();
                if (names.Length < 1)
                {
                    throw Fail(sourceName, lineNumber, "no columns.");
                }

                labelIndex = ResolveLabel(names, header, options, sourceName, lineNumber);
                if (header)
                {
                    continue;
                }
            }

            if (fields.Count != names.Length)
            {
                throw Fail(sourceName, lineNumber, $"expected {names.Length} fields, found {fields.Count}.");
            }

            for (int c = 0; c < fields.Count; c++)
            {
                if (!TryParse(fields[c], out float value))
                {
                    string shown = fields[c].Length > 40 ? fields[c][..40] + "..." : fields[c];
                    throw Fail(sourceName, lineNumber, $"column {c + 1} ('{names[c]}'): '{shown}' is not a finite number.");
                }

                if (c == labelIndex)
                {
                    targets.Add(value);
                }
                else
                {
                    features.Add(value);
                }
            }
        }

        if (names is null || targets.Count == 0)
        {
            throw new InvalidDataException($"CSV '{sourceName}': no data rows.");
        }

        string[] featureNames = names.Where((_, i) => i != labelIndex).ToArray();
        return new CsvDataset([.. features], [.. targets], featureNames, names[labelIndex]);
    }

    /// <summary>The targets as class indices; each must be a whole number from 0 to 65535.</summary>
    /// <returns>A new array of class indices.</returns>
    /// <exception cref="InvalidDataException">A target is not a non-negative whole number.</exception>
    public int[] GetClassLabels()
    {
        var labels = new int[Count];
        for (int i = 0; i < labels.Length; i++)
        {
            float t = Targets[i];
            if (t < 0 || t > ushort.MaxValue || t != MathF.Round(t))
            {
                throw new InvalidDataException($"Row {i + 1}: label '{TargetName}' = {t.ToString(CultureInfo.InvariantCulture)} is not a class index (a whole number from 0).");
            }

            labels[i] = (int)t;
        }

        return labels;
    }

    /// <summary>
    /// Interprets each row as a grey-scale image (for example the common <c>label,pixel0,...,pixel783</c> MNIST CSV files).
    /// </summary>
    /// <param name="rows">Image height; <paramref name="rows"/> x <paramref name="cols"/> must equal <see cref="FeatureCount"/>.</param>
    /// <param name="cols">Image width.</param>
    /// <param name="pixelScale">Factor applied to each feature, 1/255 by default to map bytes to [0, 1].</param>
    /// <param name="classCount">Number of classes, or <see langword="null"/> for the largest label plus one.</param>
    /// <returns>The image data set.</returns>
    public ImageDataset ToImageDataset(int rows, int cols, float pixelScale = 1f / 255f, int? classCount = null)
    {
        if ((long)rows * cols != FeatureCount)
        {
            throw new ArgumentException($"{rows}x{cols} images need {(long)rows * cols} feature columns, the table has {FeatureCount}.", nameof(rows));
        }

        int[] classes = GetClassLabels();
        int count = classCount ?? (classes.Length == 0 ? 1 : classes.Max() + 1);
        if (count > 256)
        {
            throw new InvalidDataException($"Label '{TargetName}' has {count} classes; image data sets hold at most 256.");
        }

        var labels = new byte[classes.Length];
        for (int i = 0; i < classes.Length; i++)
        {
            labels[i] = classes[i] < count
                ? (byte)classes[i]
                : throw new InvalidDataException($"Row {i + 1}: label {classes[i]} is not below the class count {count}.");
        }

        var pixels = new float[Features.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = Features[i] * pixelScale;
        }

        return new ImageDataset(pixels, labels, rows, cols, count);
    }

    private static int ResolveLabel(string[] names, bool header, CsvOptions options, string source, int line)
    {
        if (options.LabelColumnName is { } name)
        {
            if (!header)
            {
                throw Fail(source, line, $"label column '{name}' was requested by name but the file has no header.");
            }

            int found = Array.IndexOf(names, name);
            return found >= 0 ? found : throw Fail(source, line, $"no column named '{name}' in the header ({string.Join(", ", names)}).");
        }

        int index = options.LabelColumnIndex < 0 ? names.Length + options.LabelColumnIndex : options.LabelColumnIndex;
        return index >= 0 && index < names.Length
            ? index
            : throw Fail(source, line, $"label column index {options.LabelColumnIndex} is outside the {names.Length} columns.");
    }

    private static bool TryParse(string field, out float value) =>
        float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    // Fields may be wrapped in double quotes, with "" standing for a quote inside; surrounding spaces are ignored.
    private static List<string> Split(string line, char delimiter, string source, int lineNumber)
    {
        var fields = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }

            string field;
            if (i < line.Length && line[i] == '"')
            {
                var text = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw Fail(source, lineNumber, $"field {fields.Count + 1} has an unterminated quote.");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            text.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    text.Append(line[i++]);
                }

                field = text.ToString();
                while (i < line.Length && line[i] == ' ')
                {
                    i++;
                }

                if (i < line.Length && line[i] != delimiter)
                {
                    throw Fail(source, lineNumber, $"unexpected text after the quoted field {fields.Count + 1}.");
                }
            }
            else
            {
                int end = line.IndexOf(delimiter, i);
                if (end < 0)
                {
                    end = line.Length;
                }

                field = line[i..end].Trim();
                i = end;
            }

            fields.Add(field);
            if (i >= line.Length)
            {
                return fields;
            }

            i++; // skip the delimiter
        }
    }

    private static InvalidDataException Fail(string source, int line, string message) =>
        new($"CSV '{source}' line {line}: {message}");
}
