using NeuralSharp.Nn;

namespace NeuralSharp.Cli.Models;

/// <summary>What the convolutional recipes share.</summary>
internal static class ImageRecipes
{
    /// <summary>Hidden units of the recurrent recipes (<c>lstm</c>, <c>gru</c>).</summary>
    public const int RecurrentUnits = 128;

    /// <summary>
    /// The recurrent recipes' network: each 28x28 image as 28 steps of 28 pixels through <paramref name="rnn"/>
    /// (batch-first, <see cref="RecurrentUnits"/> units), its output at the last step, one dense layer to the classes.
    /// </summary>
    public static Sequential RowReader(ModuleBase rnn, ModelRequest r) => new(
        new Unflatten(1, [28, 28]),
        new LastStep(rnn),
        new Linear(RecurrentUnits, r.Classes, generator: r.Generator));

    /// <summary>Refuses data that is not 28x28 single-channel images (MNIST's and Fashion-MNIST's shape).</summary>
    public static void Require28x28(string model, ModelRequest r)
    {
        if (r.Rows != 28 || r.Cols != 28)
        {
            throw new ArgumentException(r.Rows == 1
                ? $"--model {model}: needs 28x28 images, but the data is a table of {r.Cols} columns; use --model mlp"
                : $"--model {model}: needs 28x28 images, but the data's images are {r.Rows}x{r.Cols}");
        }
    }
}
