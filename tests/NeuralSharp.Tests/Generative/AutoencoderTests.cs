using NeuralSharp.Data;
using NeuralSharp.Data.Transforms;
using NeuralSharp.Generative;
using NeuralSharp.IO;
using NeuralSharp.Losses;
using NeuralSharp.Nn;
using NeuralSharp.Optim;
using NeuralSharp.Tests.Data;
using NeuralSharp.Training;

namespace NeuralSharp.Tests.Generative;

/// <summary>Dense and convolutional autoencoders (issue 14): their halves, names, printing, shapes and that they learn.</summary>
public class AutoencoderTests
{
    [Fact]
    public void DenseHalvesMirrorEachOtherWithPyTorchsNames()
    {
        var ae = AutoencoderNetworks.Dense(784, [64, 16], 2, new Generator(1));
        Assert.Equal(
            ["encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "encoder.4.weight", "encoder.4.bias",
             "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias", "decoder.4.weight", "decoder.4.bias"],
            ae.StateDict().Keys);
        Assert.Equal(new Shape(2, 16), ae.StateDict()["encoder.4.weight"].Shape);
        Assert.Equal(new Shape(784, 64), ae.StateDict()["decoder.4.weight"].Shape);
        var printed = ae.ToString();
        Assert.StartsWith("Autoencoder(", printed);
        Assert.Contains("(encoder): Sequential(", printed);
        Assert.Contains("(decoder): Sequential(", printed);
        Assert.Contains("(5): Sigmoid()", printed);

        var x = Tensor.Rand([3, 784], generator: new Generator(2));
        Assert.Equal(new Shape(3, 2), ae.Encode(x).Shape);
        var y = ae.Forward(x);
        Assert.Equal(x.Shape, y.Shape);
        Assert.All(y.ToDoubleArray(), v => Assert.InRange(v, 0, 1));
        TestData.AssertClose(ae.Decode(ae.Encode(x)).ToDoubleArray(), y, 0);
    }

    [Fact]
    public void ConvolutionalHalvesTakeFlatImagesBackToFlatImages()
    {
        var ae = AutoencoderNetworks.Convolutional(ImageShape.Grey(28, 28), 8, (4, 8), new Generator(1));
        var x = Tensor.Rand([2, 784], generator: new Generator(2));
        Assert.Equal(new Shape(2, 8), ae.Encode(x).Shape);
        Assert.Equal(x.Shape, ae.Forward(x).Shape);
        Assert.Contains("(3): ConvTranspose2d(8, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))", ae.ToString());
        Assert.Equal(new Shape(8, 4, 3, 3), ae.StateDict()["decoder.3.weight"].Shape);
        Assert.Throws<ArgumentException>(() => AutoencoderNetworks.Convolutional(ImageShape.Grey(30, 30), 8));
    }

    [Fact]
    public void MismatchedHalvesAndWrongChildrenAreRefusedByName()
    {
        var g = new Generator(1);
        var ae = new Autoencoder(new Linear(6, 2, generator: g), new Linear(2, 5, generator: g));
        var e = Assert.Throws<ArgumentException>(() => ae.Forward(Tensor.Zeros([3, 6])));
        Assert.Contains("autoencoder: the decoder's output [3, 5] differs from the input [3, 6]", e.Message);
        var c = Assert.Throws<ArgumentException>(() => Autoencoder.Create([new("body", new Linear(2, 2, generator: g))]));
        Assert.Contains("'encoder' and 'decoder'", c.Message);
    }

    [Fact]
    public void SavesAndLoadsAsAnAutoencoder()
    {
        using var dir = new TempDirectory();
        var ae = AutoencoderNetworks.Convolutional(ImageShape.Grey(8, 8), 3, (2, 3), new Generator(4));
        var path = dir.File("ae.safetensors");
        Model.Save(ae, path);
        var loaded = Model.Load<Autoencoder>(path);
        var x = Tensor.Rand([2, 64], generator: new Generator(5));
        TestData.AssertClose(ae.Forward(x).ToDoubleArray(), loaded.Forward(x), 0);
        Assert.Equal(ae.ToString(), loaded.ToString());
    }

    [Fact]
    public void TrainingReconstructsBetterThanTheMeanImage()
    {
        // Images that vary along two hidden factors: a bar's position and its brightness.
        var g = new Generator(3);
        var rows = new float[200 * 64];
        for (var n = 0; n < 200; n++)
        {
            var col = g.NextInt(8);
            var brightness = 0.4 + (0.6 * g.NextDouble());
            for (var r = 0; r < 8; r++)
            {
                rows[(n * 64) + (r * 8) + col] = (float)brightness;
            }
        }

        var images = Tensor.FromArray(rows, 200, 64);
        var ae = AutoencoderNetworks.Dense(64, [32], 4, new Generator(6));
        Trainer.Fit(ae, new MseLoss(), new Adam(ae.Parameters(), 1e-2), new TensorDataset(images, images),
            new FitOptions { Epochs = 40, BatchSize = 20, Generator = new Generator(7) });
        ae.Eval();
        var error = Loss.MeanSquaredError(ae.Forward(images), images).ItemAsDouble();
        var mean = Tensor.ZerosLike(images) + images.Mean(0, keepDim: true);
        var meanError = Loss.MeanSquaredError(mean, images).ItemAsDouble();
        Assert.True(error < meanError / 4, $"autoencoder {error}, mean image {meanError}");
    }
}
