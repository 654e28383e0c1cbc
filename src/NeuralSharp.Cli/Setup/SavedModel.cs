using System.Text.Json;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Setup;

/// <summary>A model file written by <c>neuralsharp train</c>, with what it was trained on.</summary>
/// <param name="Model">The network.</param>
/// <param name="Dataset">The built-in data set it was trained on, or null when it was trained on a CSV file (a model file never
/// names a file to read: the user gives the data with <c>--dataset</c>).</param>
/// <param name="RecordedDataset">The data set as the file records it (for messages only; at most 200 characters).</param>
/// <param name="Size">The image side it was trained at.</param>
/// <param name="Loss">The loss it was trained with.</param>
/// <param name="ClassNames">The class names, when recorded.</param>
/// <param name="InputShape">The shape of one input example: the one recorded in the file (format 2), or for older
/// files the input width of the first weight matrix, or the image's pixel count.</param>
internal sealed record SavedModel(Module Model, string? Dataset, string RecordedDataset, int Size, string Loss, IReadOnlyList<string>? ClassNames, Shape InputShape)
{
    /// <summary>The metadata key under which <c>train</c> records the data set, loss and class names as JSON.</summary>
    public const string RunKey = "cli.run";

    /// <summary>The data sets a model file may name: built in, downloaded by name, never a path.</summary>
    public static readonly string[] BuiltInDatasets = ["mnist", "fashion-mnist", "fashion"];

    /// <summary>The loss names <c>train --loss</c> accepts.</summary>
    private static readonly string[] LossAliases = ["cross-entropy", "ce", "crossentropy", "mse", "quadratic", "mae", "l1", "huber"];

    /// <summary>Whether the model predicts values (regression) rather than classes.</summary>
    public bool Regression { get; init; }

    /// <summary>The feature scaling fitted on the training rows, applied to every input before the network.</summary>
    public Scaling? InputScaling { get; init; }

    /// <summary>The target scaling of a regression model: the network predicts scaled values.</summary>
    public Scaling? TargetScaling { get; init; }

    /// <summary>How the training CSV file was read (delimiter, header, label column), so other files are read the same way.</summary>
    public Data.CsvOptions? Csv { get; init; }

    /// <summary>The seed and share of the test rows held out of the training CSV file, so that eval scores the same rows.</summary>
    public (int Seed, double Share)? TestSplit { get; init; }

    /// <summary>The number of training examples, when recorded.</summary>
    public long? TrainingExamples { get; init; }

    /// <summary>The image sides <c>train --size</c> allows.</summary>
    public static readonly int[] Sizes = [16, 28];

    /// <summary>The most class names a file may record, and the longest name.</summary>
    public const int MaxClasses = 1000, MaxClassNameLength = 100;

    public static SavedModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(Directory.Exists(path) ? $"model file '{path}' is a directory" : $"model file '{path}' does not exist");
        }

        var model = IO.Model.Load<Module>(path, out var metadata);
        string dataset = "mnist", loss = "cross-entropy";
        var size = 28;
        IReadOnlyList<string>? classes = null;
        var regression = false;
        Scaling? inputScaling = null, targetScaling = null;
        Data.CsvOptions? csv = null;
        (int, double)? split = null;
        long? examples = null;
        var inputCount = model.InputShape is { } recordedShape ? recordedShape.Aggregate(1L, (n, d) => n * d) : -1;
        if (metadata.TryGetValue(RunKey, out var json))
        {
            JsonElement root;
            try
            {
                using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 });
                root = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw Bad(path, $"is not valid JSON ({e.Message})");
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, $"must be a JSON object, not {root.ValueKind}");
            }

            if (root.TryGetProperty("dataset", out var d))
            {
                dataset = d.ValueKind == JsonValueKind.String && d.GetString()!.Length <= 200
                    ? d.GetString()!
                    : throw Bad(path, "field 'dataset' must be a string of at most 200 characters");
            }

            if (root.TryGetProperty("loss", out var l))
            {
                loss = l.ValueKind == JsonValueKind.String && LossAliases.Contains(l.GetString()!.ToLowerInvariant())
                    ? l.GetString()!.ToLowerInvariant()
                    : throw Bad(path, $"field 'loss' must be one of {string.Join(", ", TrainingChoices.Losses)}");
            }

            if (root.TryGetProperty("size", out var z))
            {
                size = z.ValueKind == JsonValueKind.Number && z.TryGetInt32(out var zi) && Sizes.Contains(zi)
                    ? zi
                    : throw Bad(path, $"field 'size' must be one of {string.Join(", ", Sizes)}");
            }

            if (root.TryGetProperty("classes", out var c))
            {
                if (c.ValueKind != JsonValueKind.Array || c.GetArrayLength() > MaxClasses
                    || c.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || e.GetString()!.Length > MaxClassNameLength))
                {
                    throw Bad(path, $"field 'classes' must be a list of at most {MaxClasses} strings of at most {MaxClassNameLength} characters");
                }

                classes = c.EnumerateArray().Select(e => e.GetString()!).ToArray();
            }

            if (root.TryGetProperty("task", out var t))
            {
                regression = t.ValueKind == JsonValueKind.String && t.GetString() is "regression" or "classification"
                    ? t.GetString() == "regression"
                    : throw Bad(path, "field 'task' must be classification or regression");
            }

            if (root.TryGetProperty("scaling", out var sc))
            {
                inputScaling = Scaling.FromJson(sc, inputCount > int.MaxValue ? -2 : (int)inputCount, what => Bad(path, $"field 'scaling' {what}"));
            }

            if (root.TryGetProperty("target_scaling", out var ts))
            {
                targetScaling = regression
                    ? Scaling.FromJson(ts, 1, what => Bad(path, $"field 'target_scaling' {what}"))
                    : throw Bad(path, "field 'target_scaling' is only for regression models");
            }

            if (root.TryGetProperty("csv", out var f))
            {
                csv = ReadCsvFormat(f, what => Bad(path, $"field 'csv' {what}"));
            }

            if (root.TryGetProperty("test_split", out var sp))
            {
                split = sp.ValueKind == JsonValueKind.Object
                    && sp.TryGetProperty("seed", out var seed) && seed.ValueKind == JsonValueKind.Number && seed.TryGetInt32(out var seedValue)
                    && sp.TryGetProperty("share", out var share) && share.ValueKind == JsonValueKind.Number && share.TryGetDouble(out var shareValue) && shareValue is > 0 and < 1
                    ? (seedValue, shareValue)
                    : throw Bad(path, "field 'test_split' must be an object with a whole 'seed' and a 'share' between 0 and 1");
            }

            if (root.TryGetProperty("training_examples", out var te))
            {
                examples = te.ValueKind == JsonValueKind.Number && te.TryGetInt64(out var n) && n >= 0
                    ? n
                    : throw Bad(path, "field 'training_examples' must be a whole number from 0");
            }
        }

        // Only a built-in data set is taken from the file; a path ("csv:/etc/passwd") would let the file choose what is read.
        var builtIn = BuiltInDatasets.Contains(dataset.ToLowerInvariant()) ? dataset.ToLowerInvariant() : null;
        if (builtIn is null && !dataset.StartsWith("csv:", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad(path, $"field 'dataset' must be one of {string.Join(", ", BuiltInDatasets)} or csv:PATH");
        }

        var shape = model.InputShape ?? GuessInputShape(model, size);
        if (inputScaling is not null && inputScaling.Offset.Length != shape.Aggregate(1L, (n, d) => n * d))
        {
            throw Bad(path, $"field 'scaling' has {inputScaling.Offset.Length} columns but the model takes inputs of shape {shape}");
        }

        return new SavedModel(model, builtIn, dataset, size, loss, classes, shape)
        {
            Regression = regression,
            InputScaling = inputScaling,
            TargetScaling = targetScaling,
            Csv = csv,
            TestSplit = split,
            TrainingExamples = examples,
        };
    }

    /// <summary>The longest column name a model file may record.</summary>
    public const int MaxColumnNameLength = 200;

    private static Data.CsvOptions ReadCsvFormat(JsonElement f, Func<string, Exception> bad)
    {
        if (f.ValueKind != JsonValueKind.Object)
        {
            throw bad("must be an object");
        }

        var options = new Data.CsvOptions();
        if (f.TryGetProperty("delimiter", out var d))
        {
            options = d.ValueKind == JsonValueKind.String && d.GetString() is { Length: 1 } text && text[0] is not ('"' or '\r' or '\n')
                ? options with { Delimiter = text[0] }
                : throw bad("'delimiter' must be one character other than a quote or a line end");
        }

        if (f.TryGetProperty("header", out var h))
        {
            options = h.ValueKind is JsonValueKind.True or JsonValueKind.False ? options with { HasHeader = h.GetBoolean() } : throw bad("'header' must be true or false");
        }

        if (f.TryGetProperty("label", out var l))
        {
            options = l.ValueKind == JsonValueKind.String && l.GetString()!.Length <= MaxColumnNameLength
                ? options with { LabelColumnName = l.GetString() }
                : throw bad($"'label' must be a string of at most {MaxColumnNameLength} characters");
        }

        if (f.TryGetProperty("label_index", out var i))
        {
            options = i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var index) && index is >= -Scaling.MaxColumns and < Scaling.MaxColumns
                ? options with { LabelColumnIndex = index }
                : throw bad("'label_index' must be a whole number");
        }

        return options;
    }

    /// <summary>What <c>train</c> records of how it read a CSV file.</summary>
    public static Dictionary<string, object> CsvFormatJson(Data.CsvDataset table)
    {
        var format = new Dictionary<string, object> { ["delimiter"] = table.Delimiter.ToString(), ["header"] = table.HasHeader, ["label_index"] = table.LabelColumn };
        if (table.HasHeader && table.TargetName.Length <= MaxColumnNameLength)
        {
            format["label"] = table.TargetName;
        }

        return format;
    }

    /// <summary>The option by which the user confirms that the CSV file a model file records may be read.</summary>
    public const string TrustOption = "--recorded-dataset";

    /// <summary>The data set to use: the one the user named, else the recorded one when it is built in or the user confirmed it.</summary>
    public string DatasetOrAsk(string? given, bool trustRecorded) =>
        given ?? Dataset ?? (trustRecorded ? RecordedDataset : throw new ArgumentException(
            $"the model was trained on {(RecordedDataset.Length > 60 ? RecordedDataset[..60] + "..." : RecordedDataset)}; a model file may not choose a file to read: give the data with --dataset csv:PATH (or confirm the recorded file with {TrustOption})"));

    private static ModelFormatException Bad(string path, string what) => new($"the training metadata '{RunKey}' {what}", path, null);

    /// <summary>A batch of one example, shaped as the model takes it (and scaled as in training).</summary>
    public Tensor Batch(float[] pixels)
    {
        if (InputScaling is not null && pixels.Length == InputScaling.Offset.Length)
        {
            pixels = InputScaling.Apply(pixels, pixels.Length);
        }

        var count = InputShape.Aggregate(1L, (n, d) => n * d);
        if (pixels.Length != count)
        {
            throw new ArgumentException($"the model takes inputs of shape {InputShape} ({count} values) but the image has {pixels.Length} pixels");
        }

        return Tensor.FromArray(pixels, [1, .. InputShape]);
    }

    /// <summary>Files of format 1 do not record the input shape: the first weight matrix's width is the best guess for a fully connected network.</summary>
    private static Shape GuessInputShape(Module model, int size)
    {
        var first = model.NamedParameters().FirstOrDefault(p => p.Value.Rank == 2).Value;
        return [first?.Shape[1] ?? (size * size)];
    }

    /// <summary>Class probabilities: a softmax of the scores for cross-entropy models, normalised sigmoid outputs for the quadratic cost.</summary>
    public Tensor Probabilities(Tensor output)
    {
        if (Loss is "mse" or "quadratic")
        {
            var clipped = output.Clamp(0, double.MaxValue);
            return clipped / (clipped.Sum(-1, keepDim: true) + 1e-12);
        }

        return Functional.Softmax(output, -1);
    }
}
