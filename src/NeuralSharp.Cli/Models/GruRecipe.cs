using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Models;

/// <summary>
/// <c>--model gru</c>: reads a 28x28 image row by row, as a sequence of 28 steps of 28 pixels, through a batch-first
/// GRU of 128 units, and classifies its output at the last step with one dense layer.
/// </summary>
internal sealed class GruRecipe : IModelRecipe
{
    public string Name => "gru";

    public string Description => "GRU over the image's rows (28 steps of 28 pixels), 128 units, last step, dense to the classes";

    public BuiltModel Build(ModelRequest r)
    {
        ImageRecipes.Require28x28(Name, r);
        var net = ImageRecipes.RowReader(new GRU(28, ImageRecipes.RecurrentUnits, batchFirst: true, generator: r.Generator), r);
        return new BuiltModel(net, $"GRU-{ImageRecipes.RecurrentUnits} over 28 rows of 28 pixels");
    }
}
