using NeuralSharp.Data.Transforms;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Models;

/// <summary>
/// <c>--model cnn</c>: a small modern convolutional network for 28x28 images. Three stages of
/// convolution, batch norm, ReLU and 2x2 max pooling (32 5x5, 64 3x3 and 128 3x3 filters; the
/// convolutions have no bias, since the batch norm after each adds one), then dropout and one dense
/// layer. Trained on images shifted, rotated and scaled a little at random, drawn anew every epoch.
/// </summary>
internal sealed class CnnRecipe : IModelRecipe
{
    public string Name => "cnn";

    public string Description => "3 x (conv, batch norm, ReLU, max-pool 2): 32 5x5, 64 3x3, 128 3x3 filters; dropout; dense; trained with random shifts, rotations and scaling";

    public BuiltModel Build(ModelRequest r)
    {
        ImageRecipes.Require28x28(Name, r);
        var g = r.Generator;
        var dropout = r.Dropout > 0 ? r.Dropout : 0.3;
        var net = new Sequential(
            new Unflatten(1, [1, 28, 28]),
            new Conv2d(1, 32, 5, padding: 2, bias: false, generator: g),
            new BatchNorm2d(32),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d(32, 64, 3, padding: 1, bias: false, generator: g),
            new BatchNorm2d(64),
            new ReLU(),
            new MaxPool2d(2),
            new Conv2d(64, 128, 3, padding: 1, bias: false, generator: g),
            new BatchNorm2d(128),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Dropout(dropout, generator: g),
            new Linear(128 * 3 * 3, r.Classes, generator: g));
        var augmentation = new Compose(new RandomAffine(maxDegrees: 8, minScale: 0.92, maxScale: 1.08), new RandomShift(2));
        return new BuiltModel(net, $"CNN 32-64-128, dropout {dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)}", augmentation);
    }
}
