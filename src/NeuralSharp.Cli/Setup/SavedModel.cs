using System.Text.Json;
using NeuralSharp.IO;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Setup;

/// <summary>A model file written by <c>neuralsharp train</c>, with what it was trained on.</summary>
internal sealed record SavedModel(Module Model, string Dataset, int Size, string Loss, IReadOnlyList<string>? ClassNames)
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

        return new SavedModel(model, dataset, size, loss, classes);
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
