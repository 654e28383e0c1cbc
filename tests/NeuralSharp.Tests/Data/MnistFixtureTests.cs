using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class MnistFixtureTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void LoadsTheFirstHundredTestImagesOfMnist()
    {
        IdxFile images = IdxReader.Read(Fixture("mnist-t10k-first100-images-idx3-ubyte.gz"));
        IdxFile labels = IdxReader.Read(Fixture("mnist-t10k-first100-labels-idx1-ubyte.gz"));
        Assert.Equal(0x00000803, images.MagicNumber);
        Assert.Equal(0x00000801, labels.MagicNumber);

        ImageDataset ds = ImageDataset.FromIdx(images, labels);
        Assert.Equal(100, ds.Count);
        Assert.Equal(28, ds.Rows);
        Assert.Equal(28, ds.Cols);
        Assert.Equal([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], ds.Labels.Take(10));

        // The first image (a 7) has this much ink; the corners are blank.
        Assert.Equal(18454 / 255f, ds.GetImage(0).ToArray().Sum(), 2);
        Assert.Equal(0f, ds.GetImage(0)[0]);

        ImageDataset small = ds.To16x16();
        Assert.Equal(256, small.PixelsPerImage);
        Assert.Equal(18454 / 255f * 256 / 784, small.GetImage(0).ToArray().Sum(), 2);
    }
}
