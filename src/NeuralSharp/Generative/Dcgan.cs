using NeuralSharp.Nn;

namespace NeuralSharp.Generative;

/// <summary>
/// A DCGAN-style generator and discriminator for 28x28 greyscale images (Radford, Metz and Chintala, 2016, scaled down
/// to MNIST): strided (transposed) convolutions instead of pooling, batch normalisation in both networks but not at the
/// generator's output or the discriminator's input, ReLU in the generator and leaky ReLU in the discriminator, and
/// weights drawn from N(0, 0.02²). Both take and give flat rows of 784 pixels in [0, 1], as the MNIST loaders do, so
/// the generator ends in a sigmoid rather than the paper's tanh.
/// </summary>
public static class Dcgan
{
    /// <summary>
    /// Noise [N, latent] to images [N, 784]: a linear layer to 2w maps of 7x7, then two 4x4 transposed convolutions of
    /// stride 2 (7 to 14 to 28 pixels), the first to w maps.
    /// </summary>
    /// <param name="latent">The noise's size.</param>
    /// <param name="width">w, the maps of the second-last layer (the first has 2w).</param>
    /// <param name="generator">Draws the initial weights.</param>
    public static Sequential CreateGenerator(int latent, int width = 32, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latent);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        generator ??= new Generator(0);
        var net = new Sequential(
            new Linear(latent, 2 * width * 7 * 7, bias: false, generator: generator), new BatchNorm1d(2 * width * 7 * 7), new ReLU(),
            new Unflatten(1, [2 * width, 7, 7]),
            new ConvTranspose2d(2 * width, width, 4, stride: 2, padding: 1, bias: false, generator: generator), new BatchNorm2d(width), new ReLU(),
            new ConvTranspose2d(width, 1, 4, stride: 2, padding: 1, generator: generator), new Sigmoid(),
            new Flatten())
        { InputShape = [latent] };
        return Initialised(net, generator);
    }

    /// <summary>
    /// Images [N, 784] to one logit each, [N, 1] (above 0: real): two 4x4 convolutions of stride 2 (28 to 14 to 7 pixels)
    /// to w and 2w maps, then a linear layer.
    /// </summary>
    /// <param name="width">w, the first convolution's maps.</param>
    /// <param name="generator">Draws the initial weights.</param>
    public static Sequential CreateDiscriminator(int width = 32, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        generator ??= new Generator(0);
        var net = new Sequential(
            new Unflatten(1, [1, 28, 28]),
            new Conv2d(1, width, 4, stride: 2, padding: 1, generator: generator), new LeakyReLU(0.2),
            new Conv2d(width, 2 * width, 4, stride: 2, padding: 1, bias: false, generator: generator), new BatchNorm2d(2 * width), new LeakyReLU(0.2),
            new Flatten(), new Linear(2 * width * 7 * 7, 1, generator: generator))
        { InputShape = [784] };
        return Initialised(net, generator);
    }

    // DCGAN's initialisation: weights N(0, 0.02^2), batch-norm scales N(1, 0.02^2), biases 0.
    private static Sequential Initialised(Sequential net, Generator generator)
    {
        foreach (var (name, p) in net.NamedParameters())
        {
            var layer = net[int.Parse(name[..name.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)];
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                Init.Zeros(p);
            }
            else
            {
                Init.Normal(p, generator, layer is BatchNorm1d or BatchNorm2d ? 1 : 0, 0.02);
            }
        }

        return net;
    }
}
