using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Models;

/// <summary><c>--model lenet</c>: LeNet-5 (<see cref="Nn.Models.LeNet5"/>) over the 28x28 images, reshaped from the flat rows.</summary>
internal sealed class LeNetRecipe : IModelRecipe
{
    public string Name => "lenet";

    public string Description => "LeNet-5: conv 5x5 1->6 pad 2, ReLU, max-pool 2, conv 5x5 6->16, ReLU, max-pool 2, 400-120-84-classes";

    public BuiltModel Build(ModelRequest r)
    {
        ImageRecipes.Require28x28(Name, r);
        var net = new Sequential(new Unflatten(1, [1, 28, 28]), Nn.Models.LeNet5(r.Classes, r.Generator));
        return new BuiltModel(net, "LeNet-5");
    }
}
