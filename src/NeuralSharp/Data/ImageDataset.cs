namespace NeuralSharp.Data;

/// <summary>
/// Labelled grey-scale images as flat arrays: <see cref="Images"/> holds <see cref="Count"/> images of
/// <see cref="Rows"/> x <see cref="Cols"/> pixels in row-major order, scaled to [0, 1].
/// </summary>
public sealed class ImageDataset
{
    /// <summary>Creates a data set from existing arrays, which are kept, not copied.</summary>
    /// <param name="images">Pixels, <c>labels.Length * rows * cols</c> values.</param>
    /// <param name="labels">Class index of each image, each below <paramref name="classCount"/>.</param>
    /// <param name="rows">Image height.</param>
    /// <param name="cols">Image width.</param>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="classNames">Optional human-readable class names, <paramref name="classCount"/> of them.</param>
    /// <exception cref="ArgumentException">The sizes do not agree or a label is out of range.</exception>
    public ImageDataset(float[] images, byte[] labels, int rows, int cols, int classCount, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        if ((long)labels.Length * rows * cols != images.LongLength)
        {
            throw new ArgumentException($"{labels.Length} labels of {rows}x{cols} images need {(long)labels.Length * rows * cols} pixels, got {images.Length}.", nameof(images));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw new ArgumentException($"Label {labels[i]} at index {i} is not below the class count {classCount}.", nameof(labels));
            }
        }

        if (classNames is not null && classNames.Count != classCount)
        {
            throw new ArgumentException($"Expected {classCount} class names, got {classNames.Count}.", nameof(classNames));
        }

        Images = images;
        Labels = labels;
        Rows = rows;
        Cols = cols;
        ClassCount = classCount;
        ClassNames = classNames;
    }

    /// <summary>Pixels of all images, row-major, <see cref="Count"/> x <see cref="Rows"/> x <see cref="Cols"/>, in [0, 1].</summary>
    public float[] Images { get; }

    /// <summary>Class index of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image height in pixels.</summary>
    public int Rows { get; }

    /// <summary>Image width in pixels.</summary>
    public int Cols { get; }

    /// <summary>Pixels per image (<see cref="Rows"/> x <see cref="Cols"/>), i.e. the input size of a network.</summary>
    public int PixelsPerImage => Rows * Cols;

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Human-readable class names, when known.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Builds a data set from an IDX image file (u8, n x rows x cols) and an IDX label file (u8, n).</summary>
    /// <param name="images">Image file; pixels are divided by 255.</param>
    /// <param name="labels">Label file.</param>
    /// <param name="classCount">Number of classes.</param>
    /// <param name="classNames">Optional class names.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="InvalidDataException">The files have the wrong type, rank or disagreeing counts.</exception>
    public static ImageDataset FromIdx(IdxFile images, IdxFile labels, int classCount = 10, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.DataType != IdxDataType.UInt8 || images.Rank != 3)
        {
            throw new InvalidDataException($"Expected an image file with magic number 0x00000803 (unsigned bytes, 3 dimensions), found 0x{images.MagicNumber:X8}.");
        }

        if (labels.DataType != IdxDataType.UInt8 || labels.Rank != 1)
        {
            throw new InvalidDataException($"Expected a label file with magic number 0x00000801 (unsigned bytes, 1 dimension), found 0x{labels.MagicNumber:X8}.");
        }

        if (images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new InvalidDataException($"The image file holds {images.Dimensions[0]} images but the label file holds {labels.Dimensions[0]} labels.");
        }

        for (int i = 0; i < labels.Data.Length; i++)
        {
            if (labels.Data[i] >= classCount)
            {
                throw new InvalidDataException($"Label {labels.Data[i]} at index {i} is not below the class count {classCount}.");
            }
        }

        // A lookup table gives the correctly rounded b / 255 (a multiply by 1/255f would be off by an ulp) without a division per pixel.
        Span<float> table = stackalloc float[256];
        for (int b = 0; b < 256; b++)
        {
            table[b] = b / 255f;
        }

        var pixels = new float[images.Data.Length];
        byte[] source = images.Data;
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = table[source[i]];
        }

        return new ImageDataset(pixels, (byte[])labels.Data.Clone(), images.Dimensions[1], images.Dimensions[2], classCount, classNames);
    }

    /// <summary>The pixels of one image.</summary>
    /// <param name="index">Image index.</param>
    /// <returns>A span over <see cref="PixelsPerImage"/> values of <see cref="Images"/>.</returns>
    public Span<float> GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>One-hot encodes <see cref="Labels"/>.</summary>
    /// <returns>A new <see cref="Count"/> x <see cref="ClassCount"/> row-major array.</returns>
    public float[] OneHotLabels() => OneHot(Labels, ClassCount);

    /// <summary>One-hot encodes class indices.</summary>
    /// <param name="labels">Class indices, each below <paramref name="classCount"/>.</param>
    /// <param name="classCount">Number of classes.</param>
    /// <returns>A new <c>labels.Length</c> x <paramref name="classCount"/> row-major array of zeros and ones.</returns>
    public static float[] OneHot(ReadOnlySpan<byte> labels, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        var result = new float[labels.Length * classCount];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classCount)
            {
                throw new ArgumentException($"Label {labels[i]} at index {i} is not below the class count {classCount}.", nameof(labels));
            }

            result[(i * classCount) + labels[i]] = 1f;
        }

        return result;
    }

    /// <summary>
    /// Resamples every image to a new size by area averaging: each output pixel is the mean of the input
    /// area it covers, with fractional weights at its edges, so no ink is lost or invented.
    /// </summary>
    /// <param name="rows">New height.</param>
    /// <param name="cols">New width.</param>
    /// <returns>A new data set sharing the labels array.</returns>
    public ImageDataset Resize(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        (int Start, float[] Weights)[] wy = AreaWeights(Rows, rows);
        (int Start, float[] Weights)[] wx = AreaWeights(Cols, cols);
        int inPixels = PixelsPerImage;
        int outPixels = rows * cols;
        var output = new float[(long)Count * outPixels];

        // Separable: first shrink each row horizontally, then combine rows vertically.
        var tmp = new float[Rows * cols];
        for (int n = 0; n < Count; n++)
        {
            ReadOnlySpan<float> src = Images.AsSpan(n * inPixels, inPixels);
            for (int y = 0; y < Rows; y++)
            {
                for (int ox = 0; ox < cols; ox++)
                {
                    (int start, float[] weights) = wx[ox];
                    float sum = 0;
                    for (int k = 0; k < weights.Length; k++)
                    {
                        sum += weights[k] * src[(y * Cols) + start + k];
                    }

                    tmp[(y * cols) + ox] = sum;
                }
            }

            Span<float> dst = output.AsSpan(n * outPixels, outPixels);
            for (int oy = 0; oy < rows; oy++)
            {
                (int start, float[] weights) = wy[oy];
                for (int ox = 0; ox < cols; ox++)
                {
                    float sum = 0;
                    for (int k = 0; k < weights.Length; k++)
                    {
                        sum += weights[k] * tmp[((start + k) * cols) + ox];
                    }

                    dst[(oy * cols) + ox] = sum;
                }
            }
        }

        return new ImageDataset(output, Labels, rows, cols, ClassCount, ClassNames);
    }

    /// <summary>The 256-input variant: every image resampled to 16 x 16 by area averaging.</summary>
    /// <returns>A new data set of 16 x 16 images.</returns>
    public ImageDataset To16x16() => Resize(16, 16);

    /// <summary>Copies the images at the given indices, in that order, into a new data set.</summary>
    /// <param name="indices">Image indices; repeats are allowed.</param>
    /// <returns>The new data set.</returns>
    public ImageDataset Select(ReadOnlySpan<int> indices)
    {
        int p = PixelsPerImage;
        var images = new float[(long)indices.Length * p];
        var labels = new byte[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int j = indices[i];
            ArgumentOutOfRangeException.ThrowIfNegative(j, nameof(indices));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, Count, nameof(indices));
            Images.AsSpan(j * p, p).CopyTo(images.AsSpan(i * p, p));
            labels[i] = Labels[j];
        }

        return new ImageDataset(images, labels, Rows, Cols, ClassCount, ClassNames);
    }

    /// <summary>Copies a contiguous range of images into a new data set.</summary>
    /// <param name="start">First image.</param>
    /// <param name="count">Number of images.</param>
    /// <returns>The new data set.</returns>
    public ImageDataset Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, Count - count);
        int p = PixelsPerImage;
        return new ImageDataset(
            Images.AsSpan(start * p, count * p).ToArray(),
            Labels.AsSpan(start, count).ToArray(),
            Rows,
            Cols,
            ClassCount,
            ClassNames);
    }

    /// <summary>Returns a shuffled copy; the order depends only on <paramref name="random"/>'s seed.</summary>
    /// <param name="random">Source of randomness, e.g. <c>new Random(42)</c>.</param>
    /// <returns>The shuffled copy.</returns>
    public ImageDataset Shuffle(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Select(Permutation(Count, random));
    }

    /// <summary>
    /// Splits into a training and a test part. Without <paramref name="random"/> the first images go to training
    /// in their current order; with it, the images are shuffled first.
    /// </summary>
    /// <param name="trainFraction">Share of images for the training part, in [0, 1]; rounded to whole images.</param>
    /// <param name="random">Optional seeded source of randomness for shuffling.</param>
    /// <returns>The two parts.</returns>
    public (ImageDataset Train, ImageDataset Test) Split(double trainFraction, Random? random = null)
    {
        if (!(trainFraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "Must be between 0 and 1.");
        }

        int trainCount = (int)Math.Round(Count * trainFraction, MidpointRounding.AwayFromZero);
        int[] order = random is null ? Enumerable.Range(0, Count).ToArray() : Permutation(Count, random);
        return (Select(order.AsSpan(0, trainCount)), Select(order.AsSpan(trainCount)));
    }

    private static int[] Permutation(int n, Random random)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        random.Shuffle(order);
        return order;
    }

    // For each output cell: the first input cell it overlaps and the normalised weight of each overlapped cell.
    private static (int Start, float[] Weights)[] AreaWeights(int inSize, int outSize)
    {
        var result = new (int, float[])[outSize];
        double scale = (double)inSize / outSize;
        for (int o = 0; o < outSize; o++)
        {
            double lo = o * scale;
            double hi = (o + 1) * scale;
            int first = (int)Math.Floor(lo);
            int end = Math.Min(inSize, (int)Math.Ceiling(hi));
            var weights = new float[end - first];
            for (int i = first; i < end; i++)
            {
                double overlap = Math.Min(hi, i + 1) - Math.Max(lo, i);
                weights[i - first] = (float)(Math.Max(0, overlap) / scale);
            }

            result[o] = (first, weights);
        }

        return result;
    }

    /// <summary>
    /// The images as a <see cref="TensorDataset"/> of [count, rows * cols] inputs with integer labels, and
    /// optionally one-hot target rows (for a quadratic cost, as in the course's network).
    /// </summary>
    public TensorDataset ToTensorDataset(bool oneHotTargets = false)
    {
        var inputs = Tensor.FromArray(Images, Count, PixelsPerImage);
        var labels = Array.ConvertAll(Labels, l => (int)l);
        return new TensorDataset(inputs, oneHotTargets ? Tensor.FromArray(OneHotLabels(), Count, ClassCount) : null, labels);
    }
}
