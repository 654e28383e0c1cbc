using NeuralSharp.Data.Transforms;
using NeuralSharp.Nn;

namespace NeuralSharp.Generative;

/// <summary>
/// The usual autoencoders, built as <see cref="Autoencoder"/>s of <see cref="Sequential"/> halves whose decoder mirrors
/// the encoder. Inputs are flat rows of pixels in [0, 1] (MNIST's <c>[N, 784]</c>), and the decoders end in a
/// sigmoid, so reconstructions are pixels in [0, 1] too, for <c>MseLoss</c> or <c>BinaryCrossEntropyLoss</c>.
/// </summary>
public static class AutoencoderNetworks
{
    /// <summary>
    /// A dense autoencoder: <paramref name="inputs"/>, then ReLU layers of <paramref name="hidden"/> units, then a linear
    /// code of <paramref name="code"/> units; the decoder goes back through the hidden sizes in reverse to a sigmoid output.
    /// </summary>
    /// <param name="inputs">Values per input (784 for MNIST).</param>
    /// <param name="hidden">The encoder's hidden layer sizes, widest first (may be empty).</param>
    /// <param name="code">The bottleneck's size (2 for an embedding that can be drawn).</param>
    /// <param name="generator">Draws the initial weights.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static Autoencoder Dense(int inputs, int[] hidden, int code, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        int[] sizes = [inputs, .. hidden, code];
        foreach (var size in sizes)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size, "autoencoder layer size");
        }

        var encoder = new Sequential();
        var decoder = new Sequential();
        for (var i = 0; i + 1 < sizes.Length; i++)
        {
            encoder.Add(new Linear(sizes[i], sizes[i + 1], generator: generator));
            if (i + 2 < sizes.Length)
            {
                encoder.Add(new ReLU());
            }
        }

        for (var i = sizes.Length - 1; i > 0; i--)
        {
            decoder.Add(new Linear(sizes[i], sizes[i - 1], generator: generator));
            decoder.Add(i > 1 ? new ReLU() : new Sigmoid());
        }

        return new Autoencoder(encoder, decoder) { InputShape = [inputs] };
    }

    /// <summary>
    /// A convolutional autoencoder for flat rows of images of <paramref name="shape"/> (e.g. 1x28x28): two 3x3 convolutions
    /// of stride 2 (each halves the height and width) with ReLUs, then a linear code; the decoder is a linear layer back to
    /// the small feature maps and two 3x3 transposed convolutions of stride 2 that double them, ending in a sigmoid.
    /// </summary>
    /// <param name="shape">The images' layout; the height and width must be multiples of 4.</param>
    /// <param name="code">The bottleneck's size.</param>
    /// <param name="channels">The two convolutions' output channels.</param>
    /// <param name="generator">Draws the initial weights.</param>
    /// <exception cref="ArgumentException">The image does not halve twice, or a size is not positive.</exception>
    public static Autoencoder Convolutional(ImageShape shape, int code, (int First, int Second)? channels = null, Generator? generator = null)
    {
        var (c1, c2) = channels ?? (16, 32);
        if (shape.Size == 0 || shape.Rows % 4 != 0 || shape.Cols % 4 != 0)
        {
            throw new ArgumentException($"convolutional autoencoder: images of {shape} do not halve twice; the height and width must be multiples of 4", nameof(shape));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(code);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c1, "channels.First");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c2, "channels.Second");
        int rows = shape.Rows / 4, cols = shape.Cols / 4;
        var features = c2 * rows * cols;
        var encoder = new Sequential(
            new Unflatten(1, [shape.Channels, shape.Rows, shape.Cols]),
            new Conv2d(shape.Channels, c1, 3, stride: 2, padding: 1, generator: generator), new ReLU(),
            new Conv2d(c1, c2, 3, stride: 2, padding: 1, generator: generator), new ReLU(),
            new Flatten(), new Linear(features, code, generator: generator));

        // A 3x3 transposed convolution of stride 2 and padding 1 makes 2h - 1 rows; output padding 1 makes it exactly 2h.
        var decoder = new Sequential(
            new Linear(code, features, generator: generator), new ReLU(),
            new Unflatten(1, [c2, rows, cols]),
            new ConvTranspose2d(c2, c1, 3, stride: 2, padding: 1, outputPadding: 1, generator: generator), new ReLU(),
            new ConvTranspose2d(c1, shape.Channels, 3, stride: 2, padding: 1, outputPadding: 1, generator: generator), new Sigmoid(),
            new Flatten());
        return new Autoencoder(encoder, decoder) { InputShape = [shape.Size] };
    }

    /// <summary>
    /// A dense variational autoencoder: ReLU layers of <paramref name="hidden"/> units, then 2 x <paramref name="latent"/>
    /// outputs (the posterior's means and log-variances); the decoder goes back through the hidden sizes in reverse to
    /// <paramref name="inputs"/> logits (no sigmoid: <see cref="Losses.Loss.Vae"/> takes logits).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static VariationalAutoencoder VariationalDense(int inputs, int[] hidden, int latent, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        int[] sizes = [inputs, .. hidden, latent];
        foreach (var size in sizes)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size, "variational autoencoder layer size");
        }

        var encoder = new Sequential();
        for (var i = 0; i + 1 < sizes.Length; i++)
        {
            var last = i + 2 == sizes.Length;
            encoder.Add(new Linear(sizes[i], last ? 2 * latent : sizes[i + 1], generator: generator));
            if (!last)
            {
                encoder.Add(new ReLU());
            }
        }

        var decoder = new Sequential();
        for (var i = sizes.Length - 1; i > 0; i--)
        {
            decoder.Add(new Linear(sizes[i], sizes[i - 1], generator: generator));
            if (i > 1)
            {
                decoder.Add(new ReLU());
            }
        }

        return new VariationalAutoencoder(encoder, decoder, generator is null ? null : new Generator(generator.NextInt(int.MaxValue)));
    }
}
