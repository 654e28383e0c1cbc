using System.Globalization;
using NeuralSharp.Data;
using Spectre.Console;

namespace NeuralSharp.Cli.Setup;

/// <summary>How the data of <c>--dataset</c> is read and split: the CSV format, the test and validation sets, the task.</summary>
internal sealed record DataOptions
{
    public CsvOptions Csv { get; init; } = new();

    /// <summary><c>--test FILE</c>: a CSV file of test rows; without it a share of the data file is held out.</summary>
    public string? TestFile { get; init; }

    /// <summary><c>--validation FILE</c>: a CSV file of validation rows.</summary>
    public string? ValidationFile { get; init; }

    /// <summary><c>--validation-split F</c>: the share of the training rows scored every epoch instead of trained on.</summary>
    public double? ValidationSplit { get; init; }

    /// <summary>The share of a CSV file held out for testing when no test file is given.</summary>
    public double TestSplit { get; init; } = 0.2;

    /// <summary>Seeds the held-out splits.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>classification, regression, or auto (regression when the label column has fractional numbers).</summary>
    public string Task { get; init; } = "auto";

    /// <summary>The classes to map labels to (a trained model's), or null to take them from the training rows.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Every row of the data file is a test row (eval and predict on a file of new rows).</summary>
    public bool AllRowsAreTest { get; init; }

    /// <summary>Does not split off a validation set (eval and predict need only the test rows).</summary>
    public bool TestOnly { get; init; }
}

/// <summary>The training, validation and test data named by <c>--dataset</c>: <c>mnist</c>, <c>fashion-mnist</c> or <c>csv:PATH</c>.</summary>
/// <param name="Name">The data set's name or the CSV file's path.</param>
/// <param name="Regression">Whether the targets are values (regression) rather than classes.</param>
/// <param name="Train">The rows to train on.</param>
/// <param name="Validation">The rows scored after every epoch, or null: never the test rows.</param>
/// <param name="Test">The rows scored once, after training.</param>
/// <param name="ClassNames">The class names (empty for regression).</param>
internal sealed record DataSource(string Name, bool Regression, Examples Train, Examples? Validation, Examples Test, IReadOnlyList<string> ClassNames)
{
    public const string Usage = "mnist, fashion-mnist or csv:PATH";

    /// <summary>
    /// For tests: the training and test images to use for a built-in data set's name, in place of the cached files (whose
    /// SHA-256 pins no small fixture can match); null, or a null result, loads the real files. Async-local, so a test's
    /// choice reaches only the commands it runs.
    /// </summary>
    internal static readonly AsyncLocal<Func<string, (ImageDataset Train, ImageDataset Test)?>?> BuiltInOverride = new();

    public int Inputs => Train.Inputs;

    public int Classes => ClassNames.Count;

    /// <summary>Where the test rows come from, for the output.</summary>
    public string TestFrom { get; init; } = "";

    /// <summary>Where the validation rows come from, for the output (null: no validation set).</summary>
    public string? ValidationFrom { get; init; }

    /// <summary>Why the task is regression or classification, when it was inferred; for the output.</summary>
    public string? TaskNote { get; init; }

    /// <summary>The CSV table's label and feature names, for CSV data.</summary>
    public CsvDataset? Table { get; init; }

    /// <summary>Whether the examples are images (their [0, 1] pixels are never rescaled by default).</summary>
    public bool IsImage => Train.Rows > 1;

    /// <summary>The path of a <c>csv:PATH</c> specification, or null for a built-in data set.</summary>
    public static string? CsvPath(string spec)
    {
        if (!spec.StartsWith("csv:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = spec[4..].Trim();
        return path.Length > 0
            ? path
            : throw new ArgumentException("--dataset csv: needs the file's path right after the colon, with no space: --dataset csv:data.csv");
    }

    /// <summary>Loads (fetching and caching if needed) the data set, resampled to <paramref name="size"/> x <paramref name="size"/> pixels for images.</summary>
    public static async Task<DataSource> LoadAsync(string spec, string? dataRoot, int size, bool quiet, CancellationToken cancel, DataOptions? options = null)
    {
        options ??= new DataOptions();
        if (options.Task is not ("auto" or "classification" or "regression"))
        {
            throw new ArgumentException($"--task {options.Task}: use classification, regression or auto");
        }

        if (!(options.ValidationSplit is null or (> 0 and < 1)))
        {
            throw new ArgumentException($"--validation-split {options.ValidationSplit?.ToString(CultureInfo.InvariantCulture)}: must be between 0 and 1 (exclusive), e.g. 0.1");
        }

        if (options.ValidationSplit is not null && options.ValidationFile is not null)
        {
            throw new ArgumentException("give --validation FILE or --validation-split F, not both");
        }

        if (CsvPath(spec) is { } path)
        {
            return LoadCsv(path, options);
        }

        if (options.TestFile is not null || options.ValidationFile is not null)
        {
            throw new ArgumentException($"--test and --validation take CSV files, for --dataset csv:PATH; {spec} has its own test set (use --validation-split F for a validation set)");
        }

        if (options.Task == "regression")
        {
            throw new ArgumentException($"--task regression: {spec} is a classification data set");
        }

        var name = spec.ToLowerInvariant();
        var progress = quiet ? null : new DownloadProgress();
        (ImageDataset Train, ImageDataset Test) sets = BuiltInOverride.Value?.Invoke(name) ?? name switch
        {
            "mnist" => (await Mnist.LoadTrainAsync(dataRoot, progress, cancel), await Mnist.LoadTestAsync(dataRoot, progress, cancel)),
            "fashion-mnist" or "fashion" => (await FashionMnist.LoadTrainAsync(dataRoot, progress, cancel), await FashionMnist.LoadTestAsync(dataRoot, progress, cancel)),
            _ => throw new ArgumentException($"unknown data set '{spec}': use {Usage}"),
        };
        if (size != sets.Train.Rows)
        {
            if (size is not (16 or 28))
            {
                throw new ArgumentException($"--size {size}: images can be 28 (as published) or 16 (the 256-input variant)");
            }

            sets = (sets.Train.Resize(size, size), sets.Test.Resize(size, size));
        }

        var names = sets.Train.ClassNames ?? Enumerable.Range(0, sets.Train.ClassCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var train = Examples.From(sets.Train);
        Examples? validation = null;
        string? validationFrom = null;
        if (options.ValidationSplit is { } share && !options.TestOnly)
        {
            (train, validation) = train.Split(share, options.Seed);
            validationFrom = $"{Percent(share)} of the training images (stratified by class, seed {options.Seed})";
        }

        return new DataSource(name, false, train, validation, Examples.From(sets.Test), names)
        {
            TestFrom = $"the published {name} test set",
            ValidationFrom = validationFrom,
        };
    }

    private static DataSource LoadCsv(string path, DataOptions options)
    {
        var table = CsvDataset.Load(path, options.Csv);
        // Other files are read as this one was: same delimiter, header and label column.
        var sameFormat = options.Csv with { Delimiter = table.Delimiter, HasHeader = table.HasHeader, LabelColumnName = table.HasHeader ? table.TargetName : null, LabelColumnIndex = table.LabelColumn };

        CsvDataset LoadOther(string file, string option)
        {
            var other = CsvDataset.Load(file, sameFormat);
            return other.FeatureCount == table.FeatureCount
                ? other
                : throw new InvalidDataException($"{option} {file}: it has {other.FeatureCount} feature columns, {path} has {table.FeatureCount}");
        }

        var regression = options.Task == "regression" || (options.Task == "auto" && table.HasFractionalTargets);
        string? note = null;
        if (options.Task == "auto" && options.ClassNames is null)
        {
            note = regression
                ? $"regression: the label column '{table.TargetName}' holds fractional numbers (give --task classification to treat its values as classes)"
                : null;
        }

        IReadOnlyList<string> classNames = [];
        Examples Rows(CsvDataset t)
        {
            if (regression)
            {
                return new Examples(t.Features, 1, t.FeatureCount, null, t.GetValues());
            }

            var (labels, names) = t.ToClasses(ReferenceEquals(t, table) ? options.ClassNames : classNames);
            if (ReferenceEquals(t, table))
            {
                classNames = names;
            }

            return new Examples(t.Features, 1, t.FeatureCount, labels, null);
        }

        var all = Rows(table);
        if (!regression && classNames.Count > SavedModel.MaxClasses)
        {
            throw new InvalidDataException($"{path}: the label column '{table.TargetName}' has {classNames.Count:N0} distinct values, more than the {SavedModel.MaxClasses} classes a model may have; if it is a quantity, give --task regression");
        }

        if (!regression && options.ClassNames is null && classNames.Count > Math.Max(20, table.Count / 2))
        {
            note = $"classification: the label column '{table.TargetName}' has {classNames.Count:N0} distinct values in {table.Count:N0} rows; if it is a quantity, give --task regression";
        }

        Examples train, test;
        string testFrom;
        if (options.TestFile is { } testFile)
        {
            (train, test, testFrom) = (all, Rows(LoadOther(testFile, "--test")), $"the rows of {testFile}");
        }
        else if (options.AllRowsAreTest)
        {
            (train, test, testFrom) = (all, all, $"every row of {path}");
        }
        else
        {
            (train, test) = all.Split(options.TestSplit, options.Seed);
            testFrom = $"{Percent(options.TestSplit)} of the rows of {Path.GetFileName(path)} held out ({(regression ? "" : "stratified by class, ")}seed {options.Seed})";
        }

        Examples? validation = null;
        string? validationFrom = null;
        if (!options.TestOnly)
        {
            if (options.ValidationFile is { } validationFile)
            {
                (validation, validationFrom) = (Rows(LoadOther(validationFile, "--validation")), $"the rows of {validationFile}");
            }
            else if (options.ValidationSplit is { } share)
            {
                (train, validation) = train.Split(share, options.Seed + 1);
                validationFrom = $"{Percent(share)} of the training rows ({(regression ? "" : "stratified by class, ")}seed {options.Seed})";
            }
        }

        return new DataSource(path, regression, train, validation, test, classNames)
        {
            TestFrom = testFrom,
            ValidationFrom = validationFrom,
            TaskNote = note,
            Table = table,
        };
    }

    private static string Percent(double share) => (100 * share).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Prints one line per file fetched; the library itself prints nothing.</summary>
    private sealed class DownloadProgress : IProgress<DataProgress>
    {
        private string? _current;

        public void Report(DataProgress value)
        {
            if (value.File != _current)
            {
                _current = value.File;
                AnsiConsole.MarkupLine($"[grey]fetching {Markup.Escape(value.File)} from {Markup.Escape(value.Source)}[/]");
            }
        }
    }
}
