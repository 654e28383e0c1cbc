using NeuralSharp.Data;

namespace NeuralSharp.Tests.Data;

public class ImageDatasetTests
{
    private static ImageDataset Numbered(int count, int rows = 2, int cols = 2, int classes = 10)
    {
        var images = new float[count * rows * cols];
        var labels = new byte[count];
        for (int n = 0; n < count; n++)
        {
            labels[n] = (byte)(n % classes);
            images.AsSpan(n * rows * cols, rows * cols).Fill(n);
        }

        return new ImageDataset(images, labels, rows, cols, classes);
    }

    [Fact]
    public void FromIdxScalesPixelsAndChecksShapes()
    {
        IdxFile images = IdxFile.FromBytes([0, 255, 51, 102, 0, 0, 0, 0], 2, 2, 2);
        IdxFile labels = IdxFile.FromBytes([3, 9], 2);
        ImageDataset ds = ImageDataset.FromIdx(images, labels);
        Assert.Equal(2, ds.Count);
        Assert.Equal(2, ds.Rows);
        Assert.Equal(2, ds.Cols);
        Assert.Equal(10, ds.ClassCount);
        Assert.Equal([0f, 1f, 0.2f, 0.4f], ds.GetImage(0).ToArray());
        Assert.Equal([3, 9], ds.Labels);

        Assert.Throws<InvalidDataException>(() => ImageDataset.FromIdx(labels, labels));
        Assert.Throws<InvalidDataException>(() => ImageDataset.FromIdx(images, IdxFile.FromBytes([1, 2, 3], 3)));
        Assert.Throws<InvalidDataException>(() => ImageDataset.FromIdx(images, IdxFile.FromBytes([1, 12], 2)));
    }

    [Fact]
    public void OneHotEncodesLabels()
    {
        ImageDataset ds = new(new float[3], [2, 0, 1], 1, 1, 3);
        Assert.Equal([0f, 0, 1, 1, 0, 0, 0, 1, 0], ds.OneHotLabels());
        Assert.Throws<ArgumentException>(() => ImageDataset.OneHot([3], 3));
    }

    [Fact]
    public void ResizeTo16x16AveragesAreasOfAKnownPattern()
    {
        // Left 14 columns ink, right 14 blank: 16 output columns split evenly at 28 * 8/16 = 14.
        var image = new float[28 * 28];
        for (int y = 0; y < 28; y++)
        {
            image.AsSpan(y * 28, 14).Fill(1f);
        }

        ImageDataset small = new ImageDataset(image, [0], 28, 28, 10).To16x16();
        Assert.Equal(16, small.Rows);
        Assert.Equal(16, small.Cols);
        Assert.Equal(256, small.PixelsPerImage);
        for (int y = 0; y < 16; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                Assert.Equal(x < 8 ? 1f : 0f, small.Images[(y * 16) + x], 5);
            }
        }
    }

    [Fact]
    public void ResizeUsesFractionalOverlapAndPreservesMass()
    {
        // A single lit pixel at (0, 1) of 28x28: output cell (0, 0) covers input [0, 1.75) in both axes,
        // so it gets 0.75 of that pixel's width and cell (0, 1), covering [1.75, 3.5), the other 0.25.
        var image = new float[28 * 28];
        image[1] = 1f;
        ImageDataset small = new ImageDataset(image, [0], 28, 28, 10).Resize(16, 16);
        Assert.Equal(0.75f / (1.75f * 1.75f), small.Images[0], 5);
        Assert.Equal(0.25f / (1.75f * 1.75f), small.Images[1], 5);
        Assert.Equal(0f, small.Images[2], 5);
        Assert.Equal(0f, small.Images[16], 5);

        var random = new Random(1);
        var noise = new float[2 * 28 * 28];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = random.NextSingle();
        }

        ImageDataset resized = new ImageDataset(noise, [0, 1], 28, 28, 10).To16x16();
        for (int n = 0; n < 2; n++)
        {
            Assert.Equal(Mean(noise.AsSpan(n * 784, 784)), Mean(resized.Images.AsSpan(n * 256, 256)), 4);
        }
    }

    [Fact]
    public void ResizeOfWholeBlocksIsTheirMean()
    {
        var image = new float[] { 1, 2, 5, 6, 3, 4, 7, 8, 0, 0, 1, 1, 0, 0, 1, 1 };
        ImageDataset small = new ImageDataset(image, [0], 4, 4, 1).Resize(2, 2);
        Assert.Equal([2.5f, 6.5f, 0f, 1f], small.Images);
    }

    [Fact]
    public void ShuffleIsDeterministicForASeedAndKeepsPairs()
    {
        ImageDataset ds = Numbered(50);
        ImageDataset a = ds.Shuffle(new Random(7));
        ImageDataset b = ds.Shuffle(new Random(7));
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Images, b.Images);
        Assert.NotEqual(ds.Images, a.Images);
        for (int i = 0; i < a.Count; i++)
        {
            int original = (int)a.GetImage(i)[0];
            Assert.Equal(ds.Labels[original], a.Labels[i]);
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => (float)i), a.Images.Where((_, i) => i % 4 == 0).Order());
    }

    [Fact]
    public void SplitWithoutRandomKeepsOrderAndWithRandomPartitions()
    {
        ImageDataset ds = Numbered(10);
        (ImageDataset train, ImageDataset test) = ds.Split(0.8);
        Assert.Equal(8, train.Count);
        Assert.Equal(2, test.Count);
        Assert.Equal(8f, test.GetImage(0)[0]);

        (ImageDataset t1, ImageDataset v1) = ds.Split(0.7, new Random(3));
        (ImageDataset t2, _) = ds.Split(0.7, new Random(3));
        Assert.Equal(t1.Images, t2.Images);
        var seen = t1.Images.Concat(v1.Images).Where((_, i) => i % 4 == 0).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (float)i), seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.Split(1.5));
    }

    [Fact]
    public void SliceCopiesARange()
    {
        ImageDataset part = Numbered(10).Slice(3, 2);
        Assert.Equal(2, part.Count);
        Assert.Equal([3, 4], part.Labels);
        Assert.Throws<ArgumentOutOfRangeException>(() => Numbered(10).Slice(9, 2));
    }

    private static float Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }

        return (float)(sum / values.Length);
    }
}
