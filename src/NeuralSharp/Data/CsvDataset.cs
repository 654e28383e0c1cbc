using System.Globalization;

namespace NeuralSharp.Data;

/// <summary>
/// A table read from CSV: one label column (<see cref="TargetTexts"/>, as numbers in <see cref="Targets"/>) and the
/// remaining columns as numeric features, row-major in <see cref="Features"/>. Numbers use the invariant culture
/// ('.' as decimal point) whatever the machine's locale. The label may hold class names ("setosa") or numbers.
/// </summary>
public sealed class CsvDataset
{
    private CsvDataset(float[] features, string[] targetTexts, int[] lines, string[] featureNames, string targetName, int labelColumn, char delimiter, bool hasHeader, string sourceName)
    {
        Features = features;
        TargetTexts = targetTexts;
        Targets = Array.ConvertAll(targetTexts, t => TryParse(t, out float v) ? v : float.NaN);
        _lines = lines;
        FeatureNames = featureNames;
        TargetName = targetName;
        LabelColumn = labelColumn;
        Delimiter = delimiter;
        HasHeader = hasHeader;
        SourceName = sourceName;
    }

    private readonly int[] _lines;

    /// <summary>Feature values, <see cref="Count"/> x <see cref="FeatureCount"/>, row-major.</summary>
    public float[] Features { get; }

    /// <summary>The label column's text in each row (surrounding spaces and quotes removed).</summary>
    public IReadOnlyList<string> TargetTexts { get; }

    /// <summary>Value of the label column in each row; NaN where it is not a number (a class name).</summary>
    public float[] Targets { get; }

    /// <summary>Names of the feature columns, from the header or <c>column0</c>, <c>column1</c>, ... without one.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Name of the label column.</summary>
    public string TargetName { get; }

    /// <summary>Zero-based index of the label column in the file (-1 without one).</summary>
    public int LabelColumn { get; }

    /// <summary>The field separator used (given or detected).</summary>
    public char Delimiter { get; }

    /// <summary>Whether the file has a header line (given or detected).</summary>
    public bool HasHeader { get; }

    /// <summary>The file name used in messages.</summary>
    public string SourceName { get; }

    /// <summary>Number of rows.</summary>
    public int Count => TargetTexts.Count;

    /// <summary>Number of feature columns.</summary>
    public int FeatureCount => FeatureNames.Count;

    /// <summary>The line of the file (from 1, counting the header and blank lines) that row <paramref name="row"/> came from.</summary>
    public int LineOf(int row) => _lines[row];

    /// <summary>Whether every label is a number and at least one is not a whole number: the column looks like a regression target.</summary>
    public bool HasFractionalTargets => Targets.All(float.IsFinite) && Targets.Any(t => t != MathF.Round(t));

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
        var buffer = new System.Text.StringBuilder();
        int lineNumber = 0;
        string? line;

        // The first two non-blank lines decide the delimiter and whether there is a header.
        var pending = new List<(int Line, string Text)>();
        while (pending.Count < 2 && (line = ReadLine(reader, buffer, MaxLineLength, sourceName, lineNumber + 1)) is not null)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                pending.Add((lineNumber, line));
            }
        }

        if (pending.Count == 0)
        {
            throw new InvalidDataException($"CSV '{sourceName}': no data rows.");
        }

        char delimiter = options.Delimiter ?? DetectDelimiter(pending.ConvertAll(p => p.Text));
        List<string> first = Split(pending[0].Text, delimiter, sourceName, pending[0].Line);
        List<string>? second = pending.Count > 1 ? Split(pending[1].Text, delimiter, sourceName, pending[1].Line) : null;
        bool header = options.HasHeader ?? LooksLikeHeader(first, second);
        string[] names = header
            ? first.Select((f, i) => f.Length > 0 ? f : $"column{i}").ToArray()
            : Enumerable.Range(0, first.Count).Select(i => $"column{i}").ToArray();
        if (names.Length < (options.HasLabel ? 2 : 1))
        {
            throw Fail(sourceName, pending[0].Line,
                $"only one column was found, splitting at {Describe(delimiter)}; a table needs at least one feature column and a label column (is {Describe(delimiter)} the file's delimiter?).");
        }

        int labelIndex = options.HasLabel ? ResolveLabel(names, header, options, sourceName, pending[0].Line) : -1;
        var features = new List<float>();
        var targets = new List<string>();
        var lines = new List<int>();

        void AddRow(List<string> fields, int number)
        {
            if (fields.Count != names.Length)
            {
                throw Fail(sourceName, number, $"expected {names.Length} fields, found {fields.Count} (delimiter {Describe(delimiter)}).");
            }

            for (int c = 0; c < fields.Count; c++)
            {
                if (c == labelIndex)
                {
                    targets.Add(fields[c].Length > 0
                        ? fields[c]
                        : throw Fail(sourceName, number, $"column {c + 1} ('{names[c]}'), the label, is empty (a missing value: fill it in or drop the row)."));
                }
                else if (TryParse(fields[c], out float value))
                {
                    features.Add(value);
                }
                else
                {
                    string shown = fields[c].Length > 40 ? fields[c][..40] + "..." : fields[c];
                    throw Fail(sourceName, number, fields[c].Length == 0
                        ? $"column {c + 1} ('{names[c]}') is empty (a missing value: fill it in or drop the row)."
                        : $"column {c + 1} ('{names[c]}'): '{shown}' is not a finite number.");
                }
            }

            if (labelIndex < 0)
            {
                targets.Add("");
            }

            lines.Add(number);
        }

        for (int p = header ? 1 : 0; p < pending.Count; p++)
        {
            AddRow(p == 0 ? first : second!, pending[p].Line);
        }

        while ((line = ReadLine(reader, buffer, MaxLineLength, sourceName, lineNumber + 1)) is not null)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                AddRow(Split(line, delimiter, sourceName, lineNumber), lineNumber);
            }
        }

        if (targets.Count == 0)
        {
            throw new InvalidDataException($"CSV '{sourceName}': no data rows.");
        }

        string[] featureNames = names.Where((_, i) => i != labelIndex).ToArray();
        return new CsvDataset([.. features], [.. targets], [.. lines], featureNames, labelIndex < 0 ? "" : names[labelIndex], labelIndex, delimiter, header, sourceName);
    }

    /// <summary>
    /// The labels as class indices: each distinct label value is one class, so labels from 1, labels above 255 and
    /// class names ("setosa") all work. Without <paramref name="classNames"/> the classes are the distinct values, in
    /// numeric order when all are numbers and in ordinal order otherwise.
    /// </summary>
    /// <param name="classNames">The classes to map to (a trained model's), or <see langword="null"/> to take them from the data.</param>
    /// <returns>The class index of each row and the name of each class (numbers written in the invariant culture).</returns>
    /// <exception cref="InvalidDataException">A label is not one of <paramref name="classNames"/>; the message names the line.</exception>
    public (int[] Labels, string[] ClassNames) ToClasses(IReadOnlyList<string>? classNames = null)
    {
        var keys = new string[Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = float.IsFinite(Targets[i]) ? Targets[i].ToString(CultureInfo.InvariantCulture) : TargetTexts[i];
        }

        string[] names = classNames?.ToArray()
            ?? (Targets.All(float.IsFinite)
                ? keys.Distinct(StringComparer.Ordinal).OrderBy(k => float.Parse(k, CultureInfo.InvariantCulture)).ToArray()
                : keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < names.Length; c++)
        {
            index.TryAdd(names[c], c);
        }

        var labels = new int[Count];
        for (int i = 0; i < labels.Length; i++)
        {
            if (!index.TryGetValue(keys[i], out labels[i]))
            {
                string list = string.Join(", ", names.Take(10)) + (names.Length > 10 ? ", ..." : "");
                throw Fail(SourceName, LineOf(i), $"label '{TargetName}' = '{Shorten(TargetTexts[i])}' is not one of the {names.Length} classes ({list}).");
            }
        }

        return (labels, names);
    }

    /// <summary>The labels as numbers, for regression.</summary>
    /// <returns>A new array of the label values.</returns>
    /// <exception cref="InvalidDataException">A label is not a finite number; the message names the line.</exception>
    public float[] GetValues()
    {
        for (int i = 0; i < Count; i++)
        {
            if (!float.IsFinite(Targets[i]))
            {
                throw Fail(SourceName, LineOf(i), $"label '{TargetName}' = '{Shorten(TargetTexts[i])}' is not a number, so it cannot be a regression target.");
            }
        }

        return (float[])Targets.Clone();
    }

    /// <summary>The targets as class indices; each must be a whole number from 0 to 65535 (see <see cref="ToClasses"/> for labels of any kind).</summary>
    /// <returns>A new array of class indices.</returns>
    /// <exception cref="InvalidDataException">A target is not a non-negative whole number; the message names the line.</exception>
    public int[] GetClassLabels()
    {
        var labels = new int[Count];
        for (int i = 0; i < labels.Length; i++)
        {
            float t = Targets[i];
            if (!(t >= 0 && t <= ushort.MaxValue && t == MathF.Round(t)))
            {
                throw Fail(SourceName, LineOf(i), $"label '{TargetName}' = '{Shorten(TargetTexts[i])}' is not a class index (a whole number from 0).");
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
                : throw Fail(SourceName, LineOf(i), $"label {classes[i]} is not below the class count {count}.");
        }

        var pixels = new float[Features.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = Features[i] * pixelScale;
        }

        return new ImageDataset(pixels, labels, rows, cols, count);
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;

    /// <summary>How a delimiter is named in messages.</summary>
    private static string Describe(char delimiter) => delimiter switch
    {
        '\t' => "tabs",
        ' ' => "spaces",
        _ => $"'{delimiter}'",
    };

    private static char DetectDelimiter(List<string> lines)
    {
        char best = ',';
        int bestCount = 0;
        bool bestConsistent = false;
        foreach (char d in CsvOptions.DetectedDelimiters)
        {
            int count = CountOutsideQuotes(lines[0], d);
            if (count == 0)
            {
                continue;
            }

            bool consistent = lines.Count < 2 || CountOutsideQuotes(lines[1], d) == count;
            if ((consistent && !bestConsistent) || (consistent == bestConsistent && count > bestCount))
            {
                (best, bestCount, bestConsistent) = (d, count, consistent);
            }
        }

        return best;
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        bool quoted = false;
        int count = 0;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == delimiter)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A header has a field that is not a number where the next line has one (in a one-line file: any field that is not a number).</summary>
    private static bool LooksLikeHeader(List<string> first, List<string>? second)
    {
        if (second is null)
        {
            return first.Exists(f => !TryParse(f, out _));
        }

        for (int c = 0; c < Math.Min(first.Count, second.Count); c++)
        {
            if (!TryParse(first[c], out _) && TryParse(second[c], out _))
            {
                return true;
            }
        }

        return false;
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
            return found >= 0 ? found : throw Fail(source, line, $"no column named '{name}' in the header ({string.Join(", ", names.Take(20))}{(names.Length > 20 ? ", ..." : "")}).");
        }

        int index = options.LabelColumnIndex < 0 ? names.Length + options.LabelColumnIndex : options.LabelColumnIndex;
        return index >= 0 && index < names.Length
            ? index
            : throw Fail(source, line, $"label column index {options.LabelColumnIndex} is outside the {names.Length} columns (0 to {names.Length - 1}).");
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
