namespace NeuralSharp.Data;

/// <summary>How <see cref="CsvDataset"/> reads a CSV file.</summary>
public sealed record CsvOptions
{
    /// <summary>The delimiters <see cref="Delimiter"/> detection chooses from: comma, tab, semicolon and vertical bar.</summary>
    public static readonly char[] DetectedDelimiters = [',', '\t', ';', '|'];

    /// <summary>
    /// Field separator, or <see langword="null"/> (the default) to detect it from the first lines: the one of
    /// <see cref="DetectedDelimiters"/> that splits the first two lines into the same, largest number of fields
    /// (a comma when none occurs).
    /// </summary>
    public char? Delimiter { get; init; }

    /// <summary>
    /// Whether the first non-blank line is a header. <see langword="null"/> (the default) detects it: the line is a
    /// header when one of its fields is not a number where the next line has a number (or, in a one-line file, when any
    /// field is not a number).
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>Name of the label column; needs a header. Takes precedence over <see cref="LabelColumnIndex"/>.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>
    /// Zero-based index of the label column; negative values count from the end, so the default -1 is the last column.
    /// </summary>
    public int LabelColumnIndex { get; init; } = -1;

    /// <summary>
    /// Whether the table has a label column (the default). Without one every column is a feature, as in a file of new
    /// rows to score; <see cref="CsvDataset.TargetTexts"/> are then empty.
    /// </summary>
    public bool HasLabel { get; init; } = true;
}
