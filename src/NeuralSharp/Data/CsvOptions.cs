namespace NeuralSharp.Data;

/// <summary>How <see cref="CsvDataset"/> reads a CSV file.</summary>
public sealed record CsvOptions
{
    /// <summary>Field separator; a comma by default.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>
    /// Whether the first non-blank line is a header. <see langword="null"/> (the default) detects it: the line is a
    /// header when any of its fields is not a number.
    /// </summary>
    public bool? HasHeader { get; init; }

    /// <summary>Name of the label column; needs a header. Takes precedence over <see cref="LabelColumnIndex"/>.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>
    /// Zero-based index of the label column; negative values count from the end, so the default -1 is the last column.
    /// </summary>
    public int LabelColumnIndex { get; init; } = -1;
}
