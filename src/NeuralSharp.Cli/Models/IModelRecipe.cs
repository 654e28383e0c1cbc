using NeuralSharp.Data.Transforms;
using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Models;

/// <summary>
/// One <c>neuralsharp train --model NAME</c>: builds the network for the data set in hand. A recipe is
/// one file in this folder, found by reflection, so a new architecture touches nothing else. Every
/// recipe takes the flat pixel rows the data loaders give ([batch, inputs]) and returns raw class
/// scores, so that training, <c>eval</c>, <c>predict</c> and <c>summary</c> work the same for all of them.
/// </summary>
internal interface IModelRecipe
{
    /// <summary>The value of <c>--model</c>, e.g. <c>mlp</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Builds the network; throws <see cref="ArgumentException"/> naming the option when the request does not fit.</summary>
    BuiltModel Build(ModelRequest request);
}

/// <summary>What a recipe is given to build a network.</summary>
/// <param name="Inputs">Features per example (pixels for an image).</param>
/// <param name="Classes">Output classes.</param>
/// <param name="Rows">Image height (1 for tabular data).</param>
/// <param name="Cols">Image width (the feature count for tabular data).</param>
/// <param name="Layers">The <c>--layers</c> value, or null.</param>
/// <param name="Activation">The <c>--activation</c> value.</param>
/// <param name="SigmoidOutput">True for the quadratic cost, which trains a sigmoid output on one-hot targets.</param>
/// <param name="Dropout">The <c>--dropout</c> probability.</param>
/// <param name="Generator">Seeded random source for initialisation and dropout.</param>
internal sealed record ModelRequest(int Inputs, int Classes, int Rows, int Cols, string? Layers, string Activation, bool SigmoidOutput, double Dropout, Generator Generator);

/// <summary>A built network and the one-line description the CLI prints before training.</summary>
/// <param name="Network">The network: flat rows in, raw scores out.</param>
/// <param name="Description">What the CLI prints before training.</param>
/// <param name="Augmentation">Random transforms applied to the training images, drawn anew every epoch (null for none).</param>
internal sealed record BuiltModel(Module Network, string Description, IImageTransform? Augmentation = null);
