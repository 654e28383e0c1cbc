using NeuralSharp.Nn;

namespace NeuralSharp.Training;

/// <summary>Finds the first non-finite loss, gradient or parameter of a training step.</summary>
internal static class AnomalyDetector
{
    public static void CheckLoss(double loss, int epoch, int batch, Module model, Tensor inputs)
    {
        if (double.IsFinite(loss))
        {
            return;
        }

        var prefix = $"training diverged at epoch {epoch}, batch {batch}: the loss is {loss}";
        if (!AllFinite(inputs))
        {
            throw new TrainingDivergedException($"{prefix}: the batch's inputs hold NaN or infinity (check the data)");
        }

        // With finite inputs and parameters, a non-finite loss means activations overflowed: the
        // weights have grown too large, and naming the largest one points at where.
        var (name, size) = LargestParameter(model);
        var where = name is null ? string.Empty : $"; the largest parameter is '{name}' with |value| {size:G3}";
        throw new TrainingDivergedException($"{prefix}{where} (try a smaller learning rate)");
    }

    /// <summary>Refuses a finite loss that has grown more than <paramref name="factor"/> times above <paramref name="start"/>, the first batch's loss.</summary>
    public static void CheckGrowth(double loss, double start, double factor, int epoch, int batch)
    {
        if (start > 0 && loss > factor * start)
        {
            throw new TrainingDivergedException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"training diverged at epoch {epoch}, batch {batch}: the loss {loss:G3} is {loss / start:G2} times its starting value {start:G3} (try a smaller learning rate)"));
        }
    }

    /// <summary>The model's parameters with their names, collected once per epoch: walking the module tree names every parameter anew, which on a small network costs more than the checks.</summary>
    public static KeyValuePair<string, Tensor>[] Parameters(Module model) => [.. model.NamedParameters()];

    public static void CheckGradients(KeyValuePair<string, Tensor>[] parameters, int epoch, int batch)
    {
        foreach (var (name, p) in parameters)
        {
            if (p.Grad is { } g && !AllFinite(g))
            {
                throw new TrainingDivergedException($"training diverged at epoch {epoch}, batch {batch}: the gradient of '{name}' holds NaN or infinity (try a smaller learning rate or gradient clipping)");
            }
        }
    }

    public static void CheckParameters(KeyValuePair<string, Tensor>[] parameters, int epoch, int batch)
    {
        foreach (var (name, p) in parameters)
        {
            if (!AllFinite(p))
            {
                throw new TrainingDivergedException($"training diverged at epoch {epoch}, batch {batch}: parameter '{name}' holds NaN or infinity after the update (try a smaller learning rate)");
            }
        }
    }

    private static (string? Name, double Size) LargestParameter(Module model)
    {
        string? name = null;
        var size = double.NegativeInfinity;
        foreach (var (n, p) in model.NamedParameters())
        {
            foreach (var v in p.ToDoubleArray())
            {
                if (!(Math.Abs(v) <= size))
                {
                    (name, size) = (n, Math.Abs(v));
                }
            }
        }

        return (name, size);
    }

    /// <summary>Whether every element is finite (one vectorised sweep on the backend).</summary>
    internal static bool AllFinite(Tensor t) => t.Backend.AllFinite(t);
}
