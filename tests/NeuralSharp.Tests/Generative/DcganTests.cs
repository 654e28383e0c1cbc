using NeuralSharp.Generative;

namespace NeuralSharp.Tests.Generative;

/// <summary>The DCGAN pair for 28x28 images (issue 14): shapes, names, printing and DCGAN's initialisation.</summary>
public class DcganTests
{
    [Fact]
    public void GeneratorTurnsNoiseIntoImagesAndTheDiscriminatorImagesIntoOneLogitEach()
    {
        var g = new Generator(1);
        var generator = Dcgan.CreateGenerator(16, width: 8, generator: g);
        var discriminator = Dcgan.CreateDiscriminator(width: 8, generator: g);
        var images = generator.Forward(Tensor.Randn([5, 16], generator: new Generator(2)));
        Assert.Equal(new Shape(5, 784), images.Shape);
        Assert.All(images.ToDoubleArray(), v => Assert.InRange(v, 0, 1));
        Assert.Equal(new Shape(5, 1), discriminator.Forward(images).Shape);
        Assert.Contains("(4): ConvTranspose2d(16, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)", generator.ToString());
        Assert.Contains("(1): Conv2d(1, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1))", discriminator.ToString());
        Assert.Equal(new Shape(784, 16), generator.StateDict()["0.weight"].Shape);
        Assert.Equal(new Shape(1, 16 * 7 * 7), discriminator.StateDict()["7.weight"].Shape);
    }

    [Fact]
    public void WeightsStartAsInDcgan()
    {
        var generator = Dcgan.CreateGenerator(32, width: 16, generator: new Generator(3));
        var w = generator.StateDict()["4.weight"].ToDoubleArray();
        var sd = Math.Sqrt(w.Select(v => v * v).Average());
        Assert.InRange(sd, 0.018, 0.022);
        var scale = generator.StateDict()["5.weight"].ToDoubleArray();
        Assert.InRange(scale.Average(), 0.98, 1.02);
        Assert.All(generator.StateDict()["7.bias"].ToDoubleArray(), v => Assert.Equal(0, v));
    }
}
