using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Models;

/// <summary>
/// <c>--model resnet</c>: a small residual network for 28x28 images (He et al., 2016). A 3x3 convolution stem of 32
/// filters, then three residual blocks of two 3x3 convolutions with batch norm, at 32 filters on 28x28, 64 on 14x14 and
/// 128 on 7x7 (the last two after a 2x2 max pool, with a 1x1 convolution as the shortcut's projection when the width
/// changes), global average pooling and one dense layer.
/// </summary>
internal sealed class ResNetRecipe : IModelRecipe
{
    public string Name => "resnet";

    public string Description => "ResNet: conv 3x3 stem, 3 residual blocks (2 x conv 3x3 + batch norm; 32, 64, 128 filters; max-pool 2 between), global average pool, dense";

    public BuiltModel Build(ModelRequest r)
    {
        ImageRecipes.Require28x28(Name, r);
        var g = r.Generator;
        var net = new Sequential(
            new Unflatten(1, [1, 28, 28]),
            new Conv2d(1, 32, 3, padding: 1, bias: false, generator: g),
            new BatchNorm2d(32),
            new ReLU(),
            Block(32, 32, g),
            new ReLU(),
            new MaxPool2d(2),
            Block(32, 64, g),
            new ReLU(),
            new MaxPool2d(2),
            Block(64, 128, g),
            new ReLU(),
            new AdaptiveAvgPool2d(1),
            new Flatten(),
            new Linear(128, r.Classes, generator: g));
        return new BuiltModel(net, "ResNet 32-64-128, 3 residual blocks");
    }

    // The convolutions have no bias: the batch norm after each adds one.
    private static Residual Block(int inChannels, int outChannels, Generator g)
    {
        var body = new Sequential(
            new Conv2d(inChannels, outChannels, 3, padding: 1, bias: false, generator: g),
            new BatchNorm2d(outChannels),
            new ReLU(),
            new Conv2d(outChannels, outChannels, 3, padding: 1, bias: false, generator: g),
            new BatchNorm2d(outChannels));
        return inChannels == outChannels
            ? new Residual(body)
            : new Residual(body, new Sequential(new Conv2d(inChannels, outChannels, 1, bias: false, generator: g), new BatchNorm2d(outChannels)));
    }
}
