using System.Text.Json;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Setup;

/// <summary>A model file written by <c>neuralsharp train</c>, with what it was trained on.</summary>
/// <param name="Model">The network.</param>
/// <param name="Dataset">The data set it was trained on.</param>
/// <param name="Size">The image side it was trained at.</param>
/// <param name="Loss">The loss it was trained with.</param>
/// <param name="ClassNames">The class names, when recorded.</param>
/// <param name="InputShape">The shape of one input example: the one recorded in the file (format 2), or for older
/// files the input width of the first weight matrix, or the image's pixel count.</param>
internal sealed record SavedModel(Module Model, string Dataset, int Size, string Loss, IReadOnlyList<string>? ClassNames, Shape InputShape)
{
    /// <summary>The metadata key under which <c>train</c> records the data set, loss and class names as JSON.</summary>
    public const string RunKey = "cli.run";

    public static SavedModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model file '{path}' does not exist");
        }

        var model = IO.Model.Load(path);
        var metadata = SafeTensorsFile.Read(path).Metadata;
        string dataset = "mnist", loss = "cross-entropy";
        var size = 28;
        IReadOnlyList<string>? classes = null;
        if (metadata.TryGetValue(RunKey, out var json))
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                var root = doc.RootElement;
                dataset = root.TryGetProperty("dataset", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : dataset;
                loss = root.TryGetProperty("loss", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()! : loss;
                size = root.TryGetProperty("size", out var z) && z.TryGetInt32(out var zi) ? zi : size;
                if (root.TryGetProperty("classes", out var c) && c.ValueKind == JsonValueKind.Array)
                {
                    classes = c.EnumerateArray().Select(e => e.ToString()).ToArray();
                }
            }
            catch (JsonException e)
            {
                throw new ModelFormatException($"{path}: the training metadata is not valid JSON ({e.Message})");
            }
        }

        return new SavedModel(model, dataset, size, loss, classes, model.InputShape ?? GuessInputShape(model, size));
    }

    /// <summary>A batch of one example, shaped as the model takes it.</summary>
    public Tensor Batch(float[] pixels)
    {
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
