using NeuralSharp.Cli.Models;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Setup;

/// <summary>
/// <c>train --init-from MODEL [--freeze LAYERS]</c>: starts from a saved network instead of random weights (transfer
/// learning). With <c>--model</c> given, that recipe's network gets the saved weights by name (PyTorch's
/// <c>load_state_dict(strict=False)</c>, with a report); otherwise the saved network itself is trained on, its output
/// layer replaced by a fresh one when the new data has another number of classes.
/// </summary>
internal static class WarmStart
{
    /// <summary>The network to train and the line that says where its weights came from.</summary>
    public static BuiltModel Apply(string path, BuiltModel? recipe, int inputs, int outputs, string? freeze, Generator generator)
    {
        var saved = SavedModel.Load(path).Model;
        if (saved.InputShape is { } shape && shape.ElementCount != inputs)
        {
            throw new ArgumentException($"--init-from {path}: the saved network takes {shape} ({shape.ElementCount} inputs) but the data has {inputs} inputs per example");
        }

        BuiltModel built;
        if (recipe is not null)
        {
            var report = recipe.Network.LoadStateDict(saved.StateDict(), strict: false);
            if (report.MatchedKeys.Count == 0)
            {
                throw new ArgumentException($"--init-from {path}: no tensor's name and shape match the --model network's ({report}); leave --model out to train the saved network itself");
            }

            built = recipe with { Description = $"{recipe.Description}, initialised from {path}: {report}" };
        }
        else
        {
            var head = ReplaceHead(saved, outputs, generator, path);
            built = new BuiltModel(saved, $"the network of {path}" + (head is null ? string.Empty : $", its output layer '{head}' replaced by a fresh one for {outputs} outputs"));
        }

        if (!string.IsNullOrWhiteSpace(freeze))
        {
            var names = freeze.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            try
            {
                built.Network.Freeze(names);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"--freeze {freeze}: {e.Message}; the layers are: {string.Join(", ", built.Network.NamedChildren().Select(c => c.Key))}");
            }

            built = built with { Description = $"{built.Description}; frozen: {string.Join(", ", names)} ({built.Network.TrainableParameterCount:N0} of {built.Network.ParameterCount:N0} parameters trained)" };
        }

        return built;
    }

    /// <summary>Replaces the last <see cref="Linear"/> of a top-level <see cref="Sequential"/> when its output count differs; returns its name, or null when it fits.</summary>
    private static string? ReplaceHead(Module network, int outputs, Generator generator, string path)
    {
        var last = network is Sequential seq ? seq.NamedChildren().LastOrDefault(c => c.Value is Linear) : default;
        if (last.Value is Linear { OutFeatures: var n } linear)
        {
            if (n == outputs)
            {
                return null;
            }

            ((Sequential)network).Replace(last.Key, new Linear(linear.InFeatures, outputs, linear.Config.Bias, generator: generator).To(network.DType));
            return last.Key;
        }

        throw new ArgumentException($"--init-from {path}: the saved network has no output Linear layer to fit to {outputs} outputs; give --model to load its weights by name into that architecture");
    }
}
