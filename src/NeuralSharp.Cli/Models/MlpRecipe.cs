using NeuralSharp.Cli.Commands;
using NeuralSharp.Cli.Setup;

namespace NeuralSharp.Cli.Models;

/// <summary><c>--model mlp</c> (the default): the fully connected network of <c>--layers</c> and <c>--activation</c>.</summary>
internal sealed class MlpRecipe : IModelRecipe
{
    public string Name => "mlp";

    public string Description => $"fully connected network of --layers (default inputs,{TrainCommand.DefaultHidden},classes)";

    public BuiltModel Build(ModelRequest r)
    {
        var sizes = NetworkFactory.ParseLayers(r.Layers ?? $"{r.Inputs},{TrainCommand.DefaultHidden},{r.Classes}");
        if (sizes[0] != r.Inputs || sizes[^1] != r.Classes)
        {
            throw new ArgumentException($"--layers {string.Join(',', sizes)}: the data has {r.Inputs} inputs and {r.Classes} classes, so the layers must start with {r.Inputs} and end with {r.Classes}");
        }

        var net = NetworkFactory.Build(sizes, r.Activation, r.SigmoidOutput, r.Dropout, r.Generator);
        return new BuiltModel(net, $"network {string.Join('-', sizes)} {r.Activation}");
    }
}
